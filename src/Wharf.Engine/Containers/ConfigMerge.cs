using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>dockerd's rules for filling a create request's config from the image's run defaults (<c>daemon.merge</c>).</summary>
internal static class ConfigMerge
{
    public static RunConfig Merge(RunConfig user, RunConfig? image, string imageAsNamed)
    {
        var merged = user with { Image = imageAsNamed };
        if (image is null) return merged;

        if (string.IsNullOrEmpty(merged.User)) merged = merged with { User = image.User };
        if (merged.ExposedPorts is null or { Count: 0 }) merged = merged with { ExposedPorts = image.ExposedPorts };
        else if (image.ExposedPorts is { } ports) merged = merged with { ExposedPorts = Union(merged.ExposedPorts, ports) };

        // Image variables come first; a variable the user sets replaces the image's value of the same name.
        if (image.Env is { Count: > 0 } imageEnv)
        {
            var userEnv = merged.Env ?? [];
            var userKeys = userEnv.Select(Key).ToHashSet(StringComparer.Ordinal);
            merged = merged with { Env = [.. imageEnv.Where(e => !userKeys.Contains(Key(e))), .. userEnv] };
        }

        if (image.Labels is { Count: > 0 } imageLabels)
        {
            var labels = new Dictionary<string, string>(imageLabels, StringComparer.Ordinal);
            foreach (var (k, v) in merged.Labels ?? []) labels[k] = v;
            merged = merged with { Labels = labels };
        }

        // The image's Cmd is used only when the user gave neither Cmd nor Entrypoint.
        if (merged.Entrypoint is null or { Count: 0 })
        {
            if (merged.Cmd is null or { Count: 0 }) merged = merged with { Cmd = image.Cmd, ArgsEscaped = image.ArgsEscaped };
            if (merged.Entrypoint is null) merged = merged with { Entrypoint = image.Entrypoint };
        }

        merged = merged with { Healthcheck = MergeHealth(merged.Healthcheck, image.Healthcheck) };
        if (string.IsNullOrEmpty(merged.WorkingDir)) merged = merged with { WorkingDir = image.WorkingDir };
        if (merged.Volumes is null or { Count: 0 }) merged = merged with { Volumes = image.Volumes };
        else if (image.Volumes is { } volumes) merged = merged with { Volumes = Union(merged.Volumes, volumes) };
        if (merged.StopSignal is null or "") merged = merged with { StopSignal = image.StopSignal };
        if (merged.OnBuild is null or { Count: 0 }) merged = merged with { OnBuild = image.OnBuild };
        if (merged.Shell is null or { Count: 0 }) merged = merged with { Shell = image.Shell };
        return merged;
    }

    static HealthConfig? MergeHealth(HealthConfig? user, HealthConfig? image)
    {
        if (user is null) return image;
        if (image is null) return user;
        return user with
        {
            Test = user.Test is null or { Count: 0 } ? image.Test : user.Test,
            Interval = user.Interval == 0 ? image.Interval : user.Interval,
            Timeout = user.Timeout == 0 ? image.Timeout : user.Timeout,
            StartPeriod = user.StartPeriod == 0 ? image.StartPeriod : user.StartPeriod,
            Retries = user.Retries == 0 ? image.Retries : user.Retries,
        };
    }

    static Dictionary<string, EmptyObject> Union(Dictionary<string, EmptyObject> a, Dictionary<string, EmptyObject> b)
    {
        var all = new Dictionary<string, EmptyObject>(b, StringComparer.Ordinal);
        foreach (var (k, v) in a) all[k] = v;
        return all;
    }

    static string Key(string env)
    {
        var eq = env.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? env : env[..eq];
    }
}
