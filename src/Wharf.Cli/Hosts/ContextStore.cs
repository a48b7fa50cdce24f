using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>One context: a name, a description and a docker endpoint (host, TLS material directory, skip-verify).</summary>
internal sealed record CliContextEntry(string Name, string Description, string Host, bool SkipTlsVerify, string? TlsDirectory);

/// <summary>
/// Contexts stored as the docker CLI stores them, under the config directory (<c>~/.wharf</c>): <c>config.json</c>
/// holds <c>currentContext</c>; <c>contexts/meta/&lt;sha256 of name&gt;/meta.json</c> the endpoint; <c>contexts/tls/&lt;sha256&gt;/docker/{ca,cert,key}.pem</c> its TLS files.
/// </summary>
internal sealed class ContextStore(string configDirectory)
{
    public const string DefaultName = "default";
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentCharacter = '\t', IndentSize = 1 };

    public string ConfigDirectory { get; } = configDirectory;

    string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

    public static string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public string MetaDirectory(string name) => Path.Combine(ConfigDirectory, "contexts", "meta", Hash(name));

    public string TlsDirectory(string name) => Path.Combine(ConfigDirectory, "contexts", "tls", Hash(name));

    /// <summary>The context named in config.json, or <c>default</c>.</summary>
    public string CurrentContext()
    {
        var config = ReadConfig();
        return config["currentContext"].AsString() is { Length: > 0 } name ? name : DefaultName;
    }

    public void SetCurrentContext(string name)
    {
        var config = ReadConfig();
        // The docker CLI drops the key for the default context.
        if (name == DefaultName) config.Remove("currentContext");
        else config["currentContext"] = name;
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(ConfigFile, config.ToJsonString(Indented) + "\n");
    }

    public bool Exists(string name) => File.Exists(Path.Combine(MetaDirectory(name), "meta.json"));

    public CliContextEntry Load(string name)
    {
        var file = Path.Combine(MetaDirectory(name), "meta.json");
        if (!File.Exists(file)) throw new CliException($"context \"{name}\" does not exist");
        JsonNode? meta;
        try { meta = JsonNode.Parse(File.ReadAllText(file)); }
        catch (JsonException e) { throw new CliException($"context \"{name}\": {file} is not valid JSON: {e.Message}"); }
        var endpoint = meta?["Endpoints"]?["docker"];
        var host = endpoint?["Host"].AsString() ?? throw new CliException($"context \"{name}\" has no docker endpoint");
        var skip = endpoint?["SkipTLSVerify"].AsBool() ?? false;
        var description = meta?["Metadata"]?["Description"].AsString() ?? "";
        var tls = Path.Combine(TlsDirectory(name), "docker");
        return new CliContextEntry(name, description, host, skip, Directory.Exists(tls) ? tls : null);
    }

    public IReadOnlyList<CliContextEntry> List()
    {
        var root = Path.Combine(ConfigDirectory, "contexts", "meta");
        if (!Directory.Exists(root)) return [];
        var entries = new List<CliContextEntry>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var file = Path.Combine(dir, "meta.json");
            if (!File.Exists(file)) continue;
            var name = JsonNode.Parse(File.ReadAllText(file))?["Name"].AsString();
            if (name is not null) entries.Add(Load(name));
        }
        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Creates a context; TLS files are copied into the store so that the context keeps working if the originals move.</summary>
    public void Create(string name, string description, string host, bool skipTlsVerify, string? ca, string? cert, string? key)
    {
        if (name == DefaultName || Exists(name)) throw new CliException($"context \"{name}\" already exists");
        ValidateName(name);
        CheckTlsSources(ca, cert, key);
        WriteMeta(name, description, host, skipTlsVerify);
        ReplaceTls(name, ca, cert, key);
    }

    /// <summary>
    /// Changes a context as docker's <c>context update</c> does: a new description replaces the old one; a new endpoint
    /// replaces host, skip-verify and TLS files together (files not given are dropped, not kept from before).
    /// </summary>
    public void Update(string name, string? description, (string Host, bool SkipTlsVerify, string? Ca, string? Cert, string? Key)? endpoint)
    {
        if (name == DefaultName) throw new CliException("context \"default\" cannot be updated");
        var current = Load(name);
        if (endpoint is { } e) CheckTlsSources(e.Ca, e.Cert, e.Key);
        WriteMeta(name, description ?? current.Description, endpoint?.Host ?? current.Host, endpoint?.SkipTlsVerify ?? current.SkipTlsVerify);
        if (endpoint is { } changed) ReplaceTls(name, changed.Ca, changed.Cert, changed.Key);
    }

    static void CheckTlsSources(params string?[] sources)
    {
        foreach (var source in sources)
            if (source is not null && !File.Exists(source)) throw new CliException($"unable to create docker endpoint config: open {source}: no such file or directory");
    }

    void WriteMeta(string name, string description, string host, bool skipTlsVerify)
    {
        var meta = new JsonObject
        {
            ["Name"] = name,
            ["Metadata"] = description.Length > 0 ? new JsonObject { ["Description"] = description } : new JsonObject(),
            ["Endpoints"] = new JsonObject { ["docker"] = new JsonObject { ["Host"] = host, ["SkipTLSVerify"] = skipTlsVerify } },
        };
        var dir = MetaDirectory(name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.json"), meta.ToJsonString());
    }

    /// <summary>
    /// Copies the TLS files into the store, as docker does: the directories 0700, the key 0600 (it is the client's identity,
    /// which the daemon may map to a role), the certificates 0644. Nothing given: the endpoint has no TLS files.
    /// </summary>
    void ReplaceTls(string name, string? ca, string? cert, string? key)
    {
        var root = TlsDirectory(name);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var files = new (string? Source, string Target, UnixFileMode Mode)[]
        {
            (ca, "ca.pem", CertificateMode), (cert, "cert.pem", CertificateMode), (key, "key.pem", UnixFileMode.UserRead | UnixFileMode.UserWrite),
        };
        if (files.All(f => f.Source is null)) return;
        // Unix modes are the point here; wharf runs where dockerd does.
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("contexts with TLS files need a Unix file system");
        var tls = Path.Combine(root, "docker");
        Directory.CreateDirectory(tls, PrivateDirectory);
        File.SetUnixFileMode(root, PrivateDirectory);
        foreach (var (source, target, mode) in files)
        {
            if (source is null) continue;
            var path = Path.Combine(tls, target);
            // Created with its final mode, so a key is never readable by others, not even for a moment.
            using (var output = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            using (var input = File.OpenRead(source))
                input.CopyTo(output);
        }
    }

    const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode CertificateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Writes the context as docker's <c>context export</c> does: a tar holding <c>meta.json</c> and, when it has TLS files,
    /// <c>tls/docker/{ca,cert,key}.pem</c>.
    /// </summary>
    public void Export(string name, Stream output)
    {
        if (name == DefaultName) throw new CliException("context \"default\" cannot be exported");
        var entry = Load(name);
        using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        AddFile(tar, "meta.json", File.ReadAllBytes(Path.Combine(MetaDirectory(name), "meta.json")), CertificateMode);
        if (entry.TlsDirectory is null) return;
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tls/") { Mode = PrivateDirectory });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tls/docker/") { Mode = PrivateDirectory });
        foreach (var file in TlsFiles)
        {
            var path = Path.Combine(entry.TlsDirectory, file);
            if (File.Exists(path)) AddFile(tar, $"tls/docker/{file}", File.ReadAllBytes(path), file == "key.pem" ? UnixFileMode.UserRead | UnixFileMode.UserWrite : CertificateMode);
        }
    }

    /// <summary>Creates context <paramref name="name"/> from an export (docker's tar); only meta.json and the three TLS files are taken.</summary>
    public void Import(string name, Stream input)
    {
        if (name == DefaultName || Exists(name)) throw new CliException($"context \"{name}\" already exists");
        ValidateName(name);
        JsonObject? meta = null;
        var tls = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var tar = new TarReader(input, leaveOpen: true))
        {
            while (tar.GetNextEntry() is { } e)
            {
                if (e.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || e.DataStream is null) continue;
                using var data = new MemoryStream();
                e.DataStream.CopyTo(data);
                if (e.Name == "meta.json")
                {
                    try { meta = JsonNode.Parse(data.ToArray()) as JsonObject; }
                    catch (JsonException ex) { throw new CliException($"invalid context: meta.json: {ex.Message}"); }
                }
                else if (e.Name.StartsWith("tls/docker/", StringComparison.Ordinal) && TlsFiles.Contains(e.Name["tls/docker/".Length..]))
                {
                    tls[e.Name["tls/docker/".Length..]] = data.ToArray();
                }
            }
        }
        var host = meta?["Endpoints"]?["docker"]?["Host"].AsString() ?? throw new CliException("invalid context: no meta.json with a docker endpoint");
        var description = meta["Metadata"]?["Description"].AsString() ?? "";
        var skip = meta["Endpoints"]?["docker"]?["SkipTLSVerify"].AsBool() ?? false;
        WriteMeta(name, description, host, skip);
        if (tls.Count == 0) return;
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("contexts with TLS files need a Unix file system");
        var dir = Path.Combine(TlsDirectory(name), "docker");
        Directory.CreateDirectory(dir, PrivateDirectory);
        File.SetUnixFileMode(TlsDirectory(name), PrivateDirectory);
        foreach (var (file, bytes) in tls)
        {
            var mode = file == "key.pem" ? UnixFileMode.UserRead | UnixFileMode.UserWrite : CertificateMode;
            using var output = new FileStream(Path.Combine(dir, file), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
            output.Write(bytes);
        }
    }

    static readonly string[] TlsFiles = ["ca.pem", "cert.pem", "key.pem"];

    static void AddFile(TarWriter tar, string name, byte[] bytes, UnixFileMode mode)
        => tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes), Mode = mode });

    public void Remove(string name)
    {
        if (name == DefaultName) throw new CliException($"default: context \"default\" cannot be removed");
        if (!Exists(name)) throw new CliException($"context \"{name}\" does not exist");
        Directory.Delete(MetaDirectory(name), recursive: true);
        if (Directory.Exists(TlsDirectory(name))) Directory.Delete(TlsDirectory(name), recursive: true);
    }

    /// <summary>The docker CLI's rule: a letter or digit, then letters, digits, <c>_ . + -</c>.</summary>
    static void ValidateName(string name)
    {
        var valid = name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '-');
        if (!valid) throw new CliException($"context name \"{name}\" is invalid, names are validated against regexp \"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\"");
    }

    JsonObject ReadConfig()
    {
        if (!File.Exists(ConfigFile)) return [];
        try
        {
            return JsonNode.Parse(File.ReadAllText(ConfigFile)) as JsonObject ?? [];
        }
        catch (JsonException e)
        {
            throw new CliException($"loading config file: {ConfigFile}: {e.Message}");
        }
    }
}
