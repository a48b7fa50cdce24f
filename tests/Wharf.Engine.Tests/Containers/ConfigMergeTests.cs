using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class ConfigMergeTests
{
    static readonly RunConfig Image = new()
    {
        Cmd = ["nginx", "-g", "daemon off;"],
        Entrypoint = ["/docker-entrypoint.sh"],
        Env = ["PATH=/bin", "NGINX_VERSION=1.25"],
        Labels = new() { ["maintainer"] = "img", ["tier"] = "image" },
        ExposedPorts = new() { ["80/tcp"] = new EmptyObject() },
        WorkingDir = "/srv",
        User = "www",
        StopSignal = "SIGQUIT",
        Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = 5_000_000_000, Retries = 2 },
    };

    [Fact]
    public void Empty_request_takes_the_images_defaults()
    {
        var m = ConfigMerge.Merge(new RunConfig(), Image, "nginx");
        Assert.Equal(Image.Cmd, m.Cmd);
        Assert.Equal(Image.Entrypoint, m.Entrypoint);
        Assert.Equal(Image.Env, m.Env);
        Assert.Equal("/srv", m.WorkingDir);
        Assert.Equal("www", m.User);
        Assert.Equal("SIGQUIT", m.StopSignal);
        Assert.Equal("nginx", m.Image);
        Assert.Equal(Image.Healthcheck, m.Healthcheck);
    }

    [Fact]
    public void User_cmd_replaces_image_cmd_but_keeps_entrypoint()
    {
        var m = ConfigMerge.Merge(new RunConfig { Cmd = ["echo", "hi"] }, Image, "nginx");
        Assert.Equal(["echo", "hi"], m.Cmd);
        Assert.Equal(Image.Entrypoint, m.Entrypoint);
    }

    [Fact]
    public void User_entrypoint_drops_the_images_cmd()
    {
        var m = ConfigMerge.Merge(new RunConfig { Entrypoint = ["sh"] }, Image, "nginx");
        Assert.Equal(["sh"], m.Entrypoint);
        Assert.Null(m.Cmd);
    }

    [Fact]
    public void Env_and_labels_merge_with_the_request_winning()
    {
        var m = ConfigMerge.Merge(new RunConfig
        {
            Env = ["NGINX_VERSION=2", "MINE=1"],
            Labels = new() { ["tier"] = "web" },
            ExposedPorts = new() { ["443/tcp"] = new EmptyObject() },
        }, Image, "nginx");
        Assert.Equal(["PATH=/bin", "NGINX_VERSION=2", "MINE=1"], m.Env);
        Assert.Equal("web", m.Labels!["tier"]);
        Assert.Equal("img", m.Labels["maintainer"]);
        Assert.Equal(["443/tcp", "80/tcp"], m.ExposedPorts!.Keys.Order());
    }

    [Fact]
    public void Healthcheck_fields_left_zero_come_from_the_image()
    {
        var m = ConfigMerge.Merge(new RunConfig { Healthcheck = new HealthConfig { Timeout = 1_000_000_000 } }, Image, "nginx");
        Assert.Equal(["CMD", "true"], m.Healthcheck!.Test);
        Assert.Equal(5_000_000_000, m.Healthcheck.Interval);
        Assert.Equal(1_000_000_000, m.Healthcheck.Timeout);
        Assert.Equal(2, m.Healthcheck.Retries);
    }
}
