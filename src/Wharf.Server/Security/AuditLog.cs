using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wharf.Server.Security;

/// <summary>
/// The append-only audit log: one JSON line per entry, in a file of mode 0600. Requests only enqueue; one writer task
/// appends and flushes whenever the queue runs dry, and <see cref="DisposeAsync"/> drains the queue before it returns,
/// so no line is lost on a graceful shutdown. Without a path (in-process hosts) entries are discarded.
/// </summary>
internal sealed class AuditLog : IHostedService, IAsyncDisposable
{
    const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly Channel<AuditEntry> _queue = Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });
    readonly ILogger<AuditLog> _logger;
    readonly Lock _gate = new();
    FileStream? _file;
    Task? _writer;

    public AuditLog(AccessControlOptions options, ILogger<AuditLog> logger)
    {
        Path = options.AuditLogPath;
        _logger = logger;
    }

    /// <summary>The file, or null when auditing is off.</summary>
    public string? Path { get; }

    /// <summary>
    /// Opens (or creates) the file and starts the writer. As a hosted service it runs before the listeners open, so an
    /// unwritable path stops the daemon's start. Idempotent; the first <see cref="Write"/> opens the file too.
    /// </summary>
    public void Open()
    {
        if (Path is null) return;
        lock (_gate)
        {
            if (_file is not null) return;
            _file = OpenFile(Path);
            _writer = Task.Run(WriteLoopAsync);
        }
    }

    static FileStream OpenFile(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the audit log needs a Unix host");
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory)) Directory.CreateDirectory(directory, DirectoryMode);
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = System.IO.FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            UnixCreateMode = FileMode,
        });
        // An existing file keeps whatever mode it had; the log holds who did what, so it is the owner's alone.
        File.SetUnixFileMode(path, FileMode);
        return file;
    }

    Task IHostedService.StartAsync(CancellationToken ct)
    {
        try
        {
            Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot open the audit log {Path}: {e.Message}", e);
        }
        return Task.CompletedTask;
    }

    // The queue is drained on dispose, after the server has finished its last request.
    Task IHostedService.StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Queues one entry; never blocks the request.</summary>
    public void Write(AuditEntry entry)
    {
        if (Path is null) return;
        if (_writer is null)
        {
            try
            {
                Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SecurityLog.AuditFailed(_logger, Path, 0, e);
                return;
            }
        }
        _queue.Writer.TryWrite(entry);
    }

    /// <summary>One line of the log, without its newline.</summary>
    public static byte[] Format(AuditEntry e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", Rfc3339Nano(e.Time));
            json.WriteString("identity", e.Caller.Subject);
            if (e.Caller.PeerUid is { } uid) json.WriteNumber("uid", uid);
            json.WriteString("role", RoleNames.Name(e.Caller.Role));
            json.WriteString("method", e.Method);
            json.WriteString("path", e.Path);
            json.WriteNumber("status", e.Status);
            json.WriteString("outcome", e.Outcome);
            if (e.Rule is not null) json.WriteString("rule", e.Rule);
            json.WriteNumber("duration_ms", Math.Round(e.Duration.TotalMilliseconds, 3));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Go's RFC3339Nano in UTC: nine fraction digits at most, trailing zeros dropped.</summary>
    public static string Rfc3339Nano(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        var builder = new StringBuilder(utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (fraction.Length > 0) builder.Append('.').Append(fraction);
        return builder.Append('Z').ToString();
    }

    async Task WriteLoopAsync()
    {
        var file = _file!;
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            try
            {
                // Rotation: a log moved away is not written to any more; the next lines start a new file at the path.
                if (!File.Exists(Path))
                {
                    await file.DisposeAsync();
                    file = OpenFile(Path!);
                    lock (_gate) _file = file;
                }
                while (reader.TryRead(out var entry))
                {
                    await file.WriteAsync(Format(entry));
                    file.WriteByte((byte)'\n');
                }
                await file.FlushAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk must not stop the daemon: the batch is dropped (not retried in a spin) and the loss reported.
                var lost = 0;
                while (reader.TryRead(out _)) lost++;
                SecurityLog.AuditFailed(_logger, Path!, lost, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_gate) writer = _writer;
        if (writer is not null) await writer;
        FileStream? file;
        lock (_gate) file = _file;
        if (file is not null) await file.DisposeAsync();
    }
}
