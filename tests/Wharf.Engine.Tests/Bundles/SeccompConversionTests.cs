using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Oci;

namespace Wharf.Engine.Tests.Bundles;

public sealed class SeccompConversionTests
{
    static readonly DockerSeccompProfile Sample = SeccompConverter.Parse(BundleHarness.SampleProfile);

    static OciSeccomp Convert(string arch, params string[] caps) =>
        SeccompConverter.Convert(Sample, caps, arch, new Version(6, 18));

    static List<string> Allowed(OciSeccomp s) =>
        [.. s.Syscalls!.Where(c => c.Action == "SCMP_ACT_ALLOW").SelectMany(c => c.Names)];

    [Fact]
    public void Default_action_errno_and_the_host_arches_are_kept()
    {
        var s = Convert("amd64", "CAP_CHOWN");
        Assert.Equal("SCMP_ACT_ERRNO", s.DefaultAction);
        Assert.Equal(1u, s.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], s.Architectures);
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], Convert("arm64").Architectures);
    }

    [Fact]
    public void Arch_includes_select_rules_for_the_host()
    {
        Assert.Contains("arch_prctl", Allowed(Convert("amd64")));
        Assert.DoesNotContain("arch_prctl", Allowed(Convert("arm64")));
        Assert.DoesNotContain("sync_file_range2", Allowed(Convert("amd64")));
    }

    [Fact]
    public void Capability_includes_and_excludes_follow_the_container()
    {
        var plain = Convert("amd64", "CAP_SYS_CHROOT");
        Assert.DoesNotContain("mount", Allowed(plain));
        Assert.Contains("chroot", Allowed(plain));
        Assert.DoesNotContain(plain.Syscalls!, c => c.Names.Contains("chroot") && c.Action == "SCMP_ACT_ERRNO");
        var clone3 = Assert.Single(plain.Syscalls!, c => c.Names.Contains("clone3"));
        Assert.Equal(38u, clone3.ErrnoRet);

        var admin = Convert("amd64", "CAP_SYS_ADMIN");
        Assert.Contains("mount", Allowed(admin));
        Assert.Contains("umount2", Allowed(admin));
        Assert.DoesNotContain(admin.Syscalls!, c => c.Names.Contains("clone3"));
        var chroot = Assert.Single(admin.Syscalls!, c => c.Names.Contains("chroot"));
        Assert.Equal("SCMP_ACT_ERRNO", chroot.Action);
        Assert.Equal(1u, chroot.ErrnoRet);
    }

    [Fact]
    public void Arch_excludes_drop_rules()
    {
        Assert.DoesNotContain(Convert("s390x").Syscalls!, c => c.Names.Contains("clone3"));
    }

    [Fact]
    public void Min_kernel_includes()
    {
        var s = Convert("amd64");
        Assert.DoesNotContain("future_call", Allowed(s));
        Assert.Contains("old_enough", Allowed(s));
        Assert.DoesNotContain("old_enough", Allowed(SeccompConverter.Convert(Sample, [], "amd64", new Version(4, 4))));
    }

    [Fact]
    public void Args_are_carried_over()
    {
        var personality = Assert.Single(Convert("amd64").Syscalls!, c => c.Names.Contains("personality"));
        var arg = Assert.Single(personality.Args!);
        Assert.Equal(0u, arg.Index);
        Assert.Equal(8UL, arg.Value);
        Assert.Equal("SCMP_CMP_EQ", arg.Op);
    }

    [Fact]
    public void Architectures_and_arch_map_together_are_invalid()
    {
        var bad = SeccompConverter.Parse("""{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""");
        Assert.Throws<EngineException>(() => SeccompConverter.Convert(bad, [], "amd64", new Version(6, 1)));
    }

    [DistributionProfileFact]
    public void The_installed_distribution_profile_converts()
    {
        var s = SeccompConverter.Convert(
            SeccompConverter.Parse(File.ReadAllText(DistributionProfileFactAttribute.Path)), Capabilities.Default, "amd64", new Version(6, 1));
        Assert.Contains("SCMP_ARCH_X86_64", s.Architectures!);
        var allowed = Allowed(s);
        Assert.Contains("read", allowed);
        Assert.Contains("arch_prctl", allowed);
        Assert.DoesNotContain("bpf", allowed);
        Assert.Contains(s.Syscalls!, c => c.Action == "SCMP_ACT_ERRNO" && c.Names.Contains("init_module"));
        var admin = SeccompConverter.Convert(
            SeccompConverter.Parse(File.ReadAllText(DistributionProfileFactAttribute.Path)), [.. Capabilities.Default, "CAP_SYS_ADMIN"], "amd64", new Version(6, 1));
        Assert.Contains("bpf", Allowed(admin));
    }
}

/// <summary>Runs only where Debian's golang-github-containers-common has installed its seccomp profile.</summary>
public sealed class DistributionProfileFactAttribute : FactAttribute
{
    public const string Path = "/usr/share/containers/seccomp.json";

    public DistributionProfileFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} is not installed (apt-get install golang-github-containers-common)";
    }
}
