using System.Text.Json;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Images;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Bundles;

/// <summary>A fake host for the bundle builder: a tiny rootfs with passwd/group, host network files, a small seccomp profile, fake devices.</summary>
internal sealed class BundleHarness : IDisposable
{
    public const string IdHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A small Docker-format profile exercising arch, capability and kernel includes/excludes.</summary>
    public const string SampleProfile = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "archMap": [
            { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
          ],
          "syscalls": [
            { "names": ["read", "write"], "action": "SCMP_ACT_ALLOW" },
            { "names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 0, "value": 8, "op": "SCMP_CMP_EQ" }] },
            { "names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["amd64", "x32"] } },
            { "names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["ppc64le"] } },
            { "names": ["mount", "umount2"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN"] } },
            { "names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": { "caps": ["CAP_SYS_CHROOT"] } },
            { "names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_CHROOT"] } },
            { "names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": { "caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"] } },
            { "names": ["future_call"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "99.0" } },
            { "names": ["old_enough"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "4.8" } }
          ]
        }
        """;

    readonly TempDirectory temp = new();

    public BundleHarness()
    {
        Directory.CreateDirectory(Path.Combine(Rootfs, "etc"));
        File.WriteAllText(Path.Combine(Rootfs, "etc/passwd"), """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            www-data:x:33:33:www-data:/var/www:/bin/false
            alice:x:1000:1000:Alice:/home/alice:/bin/sh

            """);
        File.WriteAllText(Path.Combine(Rootfs, "etc/group"), """
            root:x:0:
            daemon:x:1:
            tty:x:5:
            wheel:x:10:root,alice
            audio:x:29:alice
            www-data:x:33:
            alice:x:1000:
            staff:x:50:

            """);
        File.WriteAllText(HostResolvConf, "# host resolver\nsearch example.com\nnameserver 127.0.0.53\nnameserver 10.0.0.2\noptions edns0\n");
        File.WriteAllText(HostHosts, "127.0.0.1\tlocalhost\n10.0.0.5\tbuildhost\n");
        File.WriteAllText(ProfilePath, SampleProfile);
        Options = new BundleBuilderOptions
        {
            SeccompProfilePath = ProfilePath,
            InitPath = "/usr/bin/tini-static",
            HostResolvConfPath = HostResolvConf,
            HostHostsPath = HostHosts,
            HostName = "buildhost",
            CgroupV2 = false,
            GoArch = "amd64",
            KernelVersion = new Version(6, 18),
            CpuCount = 2,
            AvailableCapabilities = Capabilities.All,
        };
    }

    public string Root => temp.Path;
    public string Rootfs => Path.Combine(temp.Path, "rootfs");
    public string BundleDir => Path.Combine(temp.Path, "bundle");
    public string ContainerDir => Path.Combine(temp.Path, "container");
    public string HostResolvConf => Path.Combine(temp.Path, "host-resolv.conf");
    public string HostHosts => Path.Combine(temp.Path, "host-hosts");
    public string ProfilePath => Path.Combine(temp.Path, "seccomp.json");

    public BundleBuilderOptions Options { get; set; }

    public FakeHostDevices Devices { get; } = new();

    public BundleBuilder Builder() => new(Options, Devices);

    public static ImageConfigFile BusyboxImage(RunConfig? config = null) => new()
    {
        Config = config ?? new RunConfig { Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd = ["sh"] },
    };

    public BundleRequest Request(RunConfig? config = null, HostSettings? host = null, ImageConfigFile? image = null) => new()
    {
        Id = ContainerId.Parse(IdHex),
        Name = "test",
        Spec = new ContainerCreateSpec { Image = "busybox", Config = config ?? new RunConfig(), Host = host ?? new HostSettings() },
        Image = image ?? BusyboxImage(),
        RootfsPath = Rootfs,
        BundleDir = BundleDir,
        ContainerDir = ContainerDir,
        CgroupsPath = "/wharf/" + IdHex,
    };

    /// <summary>Writes the bundle and returns its parsed <c>config.json</c>.</summary>
    public async Task<JsonElement> WriteAsync(BundleRequest request)
    {
        await Builder().WriteBundleAsync(request, CancellationToken.None);
        return ReadJson(Path.Combine(request.BundleDir, "config.json"));
    }

    public Task<JsonElement> WriteAsync(RunConfig? config = null, HostSettings? host = null) => WriteAsync(Request(config, host));

    public async Task<EngineException> FailAsync(RunConfig? config = null, HostSettings? host = null) =>
        await Assert.ThrowsAsync<EngineException>(() => Builder().WriteBundleAsync(Request(config, host), CancellationToken.None));

    public static JsonElement ReadJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public void Dispose() => temp.Dispose();
}

/// <summary>Host devices from a table instead of /dev.</summary>
internal sealed class FakeHostDevices : IHostDevices
{
    public Dictionary<string, HostDevice?> Known { get; } = new()
    {
        ["/dev/fuse"] = new HostDevice("/dev/fuse", "c", 10, 229, 0x1b6),
        ["/dev/sda"] = new HostDevice("/dev/sda", "b", 8, 0, 0x1b0, 0, 6),
        ["/dev/dir-not-device"] = null,
    };

    public HostDevice? Find(string path) =>
        Known.TryGetValue(path, out var d) ? d : throw new FileNotFoundException($"lstat {path}: no such file or directory");

    public IReadOnlyList<HostDevice> All() => [.. Known.Values.OfType<HostDevice>()];
}

/// <summary>Small readers for config.json assertions.</summary>
internal static class Json
{
    public static string[] Strings(this JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];

    public static JsonElement At(this JsonElement e, string path)
    {
        foreach (var part in path.Split('.')) e = e.GetProperty(part);
        return e;
    }

    public static bool Has(this JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return false;
        }
        return true;
    }

    public static JsonElement Mount(this JsonElement spec, string destination) =>
        spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == destination);

    public static string[] MountDestinations(this JsonElement spec) =>
        [.. spec.GetProperty("mounts").EnumerateArray().Select(m => m.GetProperty("destination").GetString()!)];
}
