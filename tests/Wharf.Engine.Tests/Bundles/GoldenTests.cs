using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Bundles;

/// <summary>The whole <c>config.json</c> for a typical <c>docker run -it --rm busybox sh</c>, compared byte for byte (temp paths as {ROOT}).</summary>
public sealed class GoldenTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task Run_it_rm_busybox_sh()
    {
        var config = new RunConfig
        {
            Tty = true, OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true, AttachStderr = true,
            Cmd = ["sh"], Image = "busybox",
        };
        var request = h.Request(config, new HostSettings { AutoRemove = true });
        await h.Builder().WriteBundleAsync(request, CancellationToken.None);
        var actual = File.ReadAllText(Path.Combine(h.BundleDir, "config.json")).Replace(h.Root, "{ROOT}", StringComparison.Ordinal);
        Assert.Equal(Expected.ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }

    const string Expected = """
        {
          "ociVersion": "1.0.2-dev",
          "process": {
            "terminal": true,
            "user": {
              "uid": 0,
              "gid": 0,
              "additionalGids": [
                10
              ]
            },
            "args": [
              "sh"
            ],
            "env": [
              "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
              "HOSTNAME=0123456789ab",
              "TERM=xterm"
            ],
            "cwd": "/",
            "capabilities": {
              "bounding": [
                "CAP_CHOWN",
                "CAP_DAC_OVERRIDE",
                "CAP_FSETID",
                "CAP_FOWNER",
                "CAP_MKNOD",
                "CAP_NET_RAW",
                "CAP_SETGID",
                "CAP_SETUID",
                "CAP_SETFCAP",
                "CAP_SETPCAP",
                "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT",
                "CAP_KILL",
                "CAP_AUDIT_WRITE"
              ],
              "effective": [
                "CAP_CHOWN",
                "CAP_DAC_OVERRIDE",
                "CAP_FSETID",
                "CAP_FOWNER",
                "CAP_MKNOD",
                "CAP_NET_RAW",
                "CAP_SETGID",
                "CAP_SETUID",
                "CAP_SETFCAP",
                "CAP_SETPCAP",
                "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT",
                "CAP_KILL",
                "CAP_AUDIT_WRITE"
              ],
              "permitted": [
                "CAP_CHOWN",
                "CAP_DAC_OVERRIDE",
                "CAP_FSETID",
                "CAP_FOWNER",
                "CAP_MKNOD",
                "CAP_NET_RAW",
                "CAP_SETGID",
                "CAP_SETUID",
                "CAP_SETFCAP",
                "CAP_SETPCAP",
                "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT",
                "CAP_KILL",
                "CAP_AUDIT_WRITE"
              ]
            },
            "noNewPrivileges": false,
            "oomScoreAdj": 0
          },
          "root": {
            "path": "{ROOT}/rootfs",
            "readonly": false
          },
          "hostname": "0123456789ab",
          "mounts": [
            {
              "destination": "/proc",
              "type": "proc",
              "source": "proc",
              "options": [
                "rw",
                "nosuid",
                "noexec",
                "nodev"
              ]
            },
            {
              "destination": "/dev",
              "type": "tmpfs",
              "source": "tmpfs",
              "options": [
                "rw",
                "nosuid",
                "strictatime",
                "mode=755",
                "size=65536k"
              ]
            },
            {
              "destination": "/dev/pts",
              "type": "devpts",
              "source": "devpts",
              "options": [
                "rw",
                "nosuid",
                "noexec",
                "newinstance",
                "ptmxmode=0666",
                "mode=0620",
                "gid=5"
              ]
            },
            {
              "destination": "/sys",
              "type": "sysfs",
              "source": "sysfs",
              "options": [
                "ro",
                "nosuid",
                "noexec",
                "nodev"
              ]
            },
            {
              "destination": "/sys/fs/cgroup",
              "type": "cgroup",
              "source": "cgroup",
              "options": [
                "ro",
                "nosuid",
                "noexec",
                "nodev"
              ]
            },
            {
              "destination": "/dev/mqueue",
              "type": "mqueue",
              "source": "mqueue",
              "options": [
                "rw",
                "nosuid",
                "noexec",
                "nodev"
              ]
            },
            {
              "destination": "/dev/shm",
              "type": "tmpfs",
              "source": "shm",
              "options": [
                "rw",
                "nosuid",
                "noexec",
                "nodev",
                "mode=1777",
                "size=67108864"
              ]
            },
            {
              "destination": "/etc/resolv.conf",
              "type": "bind",
              "source": "{ROOT}/container/resolv.conf",
              "options": [
                "rbind",
                "rprivate"
              ]
            },
            {
              "destination": "/etc/hostname",
              "type": "bind",
              "source": "{ROOT}/container/hostname",
              "options": [
                "rbind",
                "rprivate"
              ]
            },
            {
              "destination": "/etc/hosts",
              "type": "bind",
              "source": "{ROOT}/container/hosts",
              "options": [
                "rbind",
                "rprivate"
              ]
            }
          ],
          "linux": {
            "resources": {
              "devices": [
                {
                  "allow": false,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 1,
                  "minor": 5,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 1,
                  "minor": 3,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 1,
                  "minor": 9,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 1,
                  "minor": 8,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 5,
                  "minor": 0,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 5,
                  "minor": 1,
                  "access": "rwm"
                },
                {
                  "allow": false,
                  "type": "c",
                  "major": 10,
                  "minor": 229,
                  "access": "rwm"
                }
              ],
              "cpu": {
                "shares": 0
              }
            },
            "cgroupsPath": "/wharf/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "namespaces": [
              {
                "type": "mount"
              },
              {
                "type": "network"
              },
              {
                "type": "uts"
              },
              {
                "type": "pid"
              },
              {
                "type": "ipc"
              }
            ],
            "seccomp": {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": [
                "SCMP_ARCH_X86_64",
                "SCMP_ARCH_X86",
                "SCMP_ARCH_X32"
              ],
              "syscalls": [
                {
                  "names": [
                    "read",
                    "write"
                  ],
                  "action": "SCMP_ACT_ALLOW"
                },
                {
                  "names": [
                    "personality"
                  ],
                  "action": "SCMP_ACT_ALLOW",
                  "args": [
                    {
                      "index": 0,
                      "value": 8,
                      "valueTwo": 0,
                      "op": "SCMP_CMP_EQ"
                    }
                  ]
                },
                {
                  "names": [
                    "arch_prctl"
                  ],
                  "action": "SCMP_ACT_ALLOW"
                },
                {
                  "names": [
                    "chroot"
                  ],
                  "action": "SCMP_ACT_ALLOW"
                },
                {
                  "names": [
                    "clone3"
                  ],
                  "action": "SCMP_ACT_ERRNO",
                  "errnoRet": 38
                },
                {
                  "names": [
                    "old_enough"
                  ],
                  "action": "SCMP_ACT_ALLOW"
                }
              ]
            },
            "maskedPaths": [
              "/proc/asound",
              "/proc/acpi",
              "/proc/kcore",
              "/proc/keys",
              "/proc/latency_stats",
              "/proc/timer_list",
              "/proc/timer_stats",
              "/proc/sched_debug",
              "/proc/scsi",
              "/sys/firmware"
            ],
            "readonlyPaths": [
              "/proc/bus",
              "/proc/fs",
              "/proc/irq",
              "/proc/sys",
              "/proc/sysrq-trigger"
            ]
          }
        }
        """;
}
