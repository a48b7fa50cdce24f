using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Server.Security;
using Wharf.Testing;

namespace Wharf.Server.Tests.Security;

/// <summary>The audit log's line format, its file mode, and that dispose drains every queued line.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AuditLogTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static readonly Caller Alice = new(CallerKind.Certificate, "CN=alice", "CN=alice, OU=dev", Role.Viewer);

    static AuditEntry Entry(int n, Caller? caller = null, string? rule = null) => new(
        new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero).AddTicks(n), caller ?? Alice, "POST", $"/v1.41/containers/c{n}/start?x=\"y\"",
        rule is null ? 204 : 403, rule is null ? "ok" : "denied", rule, TimeSpan.FromTicks(12_346));

    [Fact]
    public void A_line_is_one_json_object_with_the_documented_fields()
    {
        var line = System.Text.Encoding.UTF8.GetString(AuditLog.Format(Entry(1234567, rule: "viewers have read-only access")));
        Assert.Equal(
            """{"time":"2026-11-30T14:00:00.1234567Z","identity":"CN=alice, OU=dev","role":"viewer","method":"POST","path":"/v1.41/containers/c1234567/start?x=\"y\"","status":403,"outcome":"denied","rule":"viewers have read-only access","duration_ms":1.235}""",
            line);
        var unix = new Caller(CallerKind.UnixSocket, "unix-socket", "unix-socket", Role.Admin) { PeerUid = 1000 };
        using var parsed = JsonDocument.Parse(AuditLog.Format(Entry(0, unix)));
        Assert.Equal(1000, parsed.RootElement.GetProperty("uid").GetInt32());
        Assert.Equal("2026-11-30T14:00:00Z", parsed.RootElement.GetProperty("time").GetString());
    }

    [Theory]
    [InlineData(0, "2026-11-30T14:00:00Z")]
    [InlineData(1, "2026-11-30T14:00:00.0000001Z")]
    [InlineData(5_000_000, "2026-11-30T14:00:00.5Z")]
    public void Times_are_rfc3339_nano_in_utc(long ticks, string expected) =>
        Assert.Equal(expected, AuditLog.Rfc3339Nano(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.FromHours(1)).AddTicks(ticks)));

    [Fact]
    public async Task Dispose_writes_every_queued_line_in_order_to_a_0600_file()
    {
        var path = Path.Combine(_dir.Path, "logs", "audit.log");
        var log = new AuditLog(new AccessControlOptions { AuditLogPath = path }, NullLogger<AuditLog>.Instance);
        for (var i = 0; i < 1000; i++) log.Write(Entry(i));
        await log.DisposeAsync();
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(1000, lines.Length);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"/v1.41/containers/c{i}/start?x=\"y\""),
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task An_existing_log_is_appended_to_and_its_mode_tightened()
    {
        var path = Path.Combine(_dir.Path, "audit.log");
        await File.WriteAllTextAsync(path, "{\"earlier\":true}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        var log = new AuditLog(new AccessControlOptions { AuditLogPath = path }, NullLogger<AuditLog>.Instance);
        log.Open();
        log.Write(Entry(1));
        await log.DisposeAsync();
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"earlier\":true}", lines[0]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task A_log_moved_away_is_followed_by_a_new_file_at_the_path()
    {
        var path = Path.Combine(_dir.Path, "audit.log");
        var rotated = path + ".1";
        var log = new AuditLog(new AccessControlOptions { AuditLogPath = path }, NullLogger<AuditLog>.Instance);
        log.Write(Entry(1));
        await Poll.UntilAsync(() => File.Exists(path) && new FileInfo(path).Length > 0, "the first line");
        File.Move(path, rotated);
        log.Write(Entry(2));
        await log.DisposeAsync();
        Assert.Contains("/c1/", Assert.Single(await File.ReadAllLinesAsync(rotated)), StringComparison.Ordinal);
        Assert.Contains("/c2/", Assert.Single(await File.ReadAllLinesAsync(path)), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Without_a_path_nothing_is_written()
    {
        var log = new AuditLog(new AccessControlOptions(), NullLogger<AuditLog>.Instance);
        log.Write(Entry(1));
        await log.DisposeAsync();
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }
}
