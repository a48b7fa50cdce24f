using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Bundles;

public sealed class UserResolutionTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    async Task<string> UserOf(string user, params string[] groupAdd)
    {
        var spec = await h.WriteAsync(new RunConfig { User = user }, new HostSettings { GroupAdd = groupAdd });
        var u = spec.At("process.user");
        var extra = u.TryGetProperty("additionalGids", out var g) ? g.EnumerateArray().Select(x => x.GetUInt32()).ToArray() : [];
        return $"{u.GetProperty("uid").GetUInt32()}:{u.GetProperty("gid").GetUInt32()} [{string.Join(',', extra)}]";
    }

    [Fact]
    public async Task Default_is_root_with_roots_supplementary_groups()
    {
        Assert.Equal("0:0 [10]", await UserOf(""));
    }

    [Fact]
    public async Task A_name_resolves_uid_gid_and_member_groups()
    {
        Assert.Equal("1000:1000 [10,29]", await UserOf("alice"));
        Assert.Equal("33:33 []", await UserOf("www-data"));
    }

    [Fact]
    public async Task A_numeric_uid_uses_the_passwd_entry_when_there_is_one()
    {
        Assert.Equal("1000:1000 [10,29]", await UserOf("1000"));
        Assert.Equal("4242:0 []", await UserOf("4242"));
    }

    [Fact]
    public async Task An_explicit_group_replaces_the_primary_and_drops_supplementary_groups()
    {
        Assert.Equal("1000:50 []", await UserOf("alice:staff"));
        Assert.Equal("1000:7 []", await UserOf("1000:7"));
        Assert.Equal("33:29 []", await UserOf("www-data:audio"));
    }

    [Fact]
    public async Task Group_add_appends_named_and_numeric_groups()
    {
        Assert.Equal("33:33 [50,777]", await UserOf("www-data", "staff", "777"));
    }

    [Fact]
    public async Task An_unknown_user_is_dockers_error()
    {
        var e = await h.FailAsync(new RunConfig { User = "xyz" });
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("unable to find user xyz: no matching entries in passwd file", e.Message);
    }

    [Fact]
    public async Task An_unknown_group_is_an_error()
    {
        var e = await h.FailAsync(new RunConfig { User = "alice:nogroup" });
        Assert.Equal("unable to find group nogroup: no matching entries in group file", e.Message);
        e = await h.FailAsync(host: new HostSettings { GroupAdd = ["nogroup"] });
        Assert.Equal("Unable to find group nogroup", e.Message);
    }

    [Fact]
    public async Task Ids_out_of_range_are_invalid()
    {
        var e = await h.FailAsync(new RunConfig { User = "4294967296" });
        Assert.Equal("uids and gids must be in range 0-2147483647", e.Message);
    }

    [Fact]
    public async Task A_passwd_symlinked_outside_the_rootfs_is_not_followed_out()
    {
        // The host-side target has a user the rootfs lacks; resolving inside the rootfs must not find it.
        var outside = Path.Combine(h.Root, "outside-passwd");
        File.WriteAllText(outside, "evil:x:666:666::/:/bin/sh\n");
        File.Delete(Path.Combine(h.Rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(h.Rootfs, "etc/passwd"), outside);

        var e = await h.FailAsync(new RunConfig { User = "evil" });
        Assert.Equal("unable to find user evil: no matching entries in passwd file", e.Message);

        // The same link followed with ../ escapes is clamped at the rootfs too.
        File.Delete(Path.Combine(h.Rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(h.Rootfs, "etc/passwd"), "../../../../../../" + outside.TrimStart('/'));
        e = await h.FailAsync(new RunConfig { User = "evil" });
        Assert.Equal("unable to find user evil: no matching entries in passwd file", e.Message);
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_rootfs_is_followed()
    {
        Directory.CreateDirectory(Path.Combine(h.Rootfs, "usr/lib"));
        File.Move(Path.Combine(h.Rootfs, "etc/passwd"), Path.Combine(h.Rootfs, "usr/lib/passwd"));
        File.CreateSymbolicLink(Path.Combine(h.Rootfs, "etc/passwd"), "/usr/lib/passwd");
        Assert.Equal("1000:1000 [10,29]", await UserOf("alice"));
    }
}
