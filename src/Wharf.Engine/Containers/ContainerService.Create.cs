using Wharf.Engine.Images;
using Wharf.Engine.References;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    public async Task<ContainerCreateResult> CreateAsync(ContainerCreateSpec spec, CancellationToken ct)
    {
        var name = spec.Name is { Length: > 0 } n ? ContainerNames.Validate(n) : null;
        if (name is not null && _store.FindByName(name) is { } holder) throw ContainerErrors.NameInUse(name, holder.Id);
        ValidateHost(spec.Host);
        await CheckNetworksAsync(spec, ct);
        var image = await ResolveImageAsync(spec.Image, ct);
        var id = ContainerId.New();
        var config = ConfigMerge.Merge(spec.Config, image.Config.Config, spec.Image);
        if (config.Cmd is null or { Count: 0 } && config.Entrypoint is null or { Count: 0 }) throw ContainerErrors.NoCommand();
        if (config.StopSignal is { Length: > 0 } stop) Signals.Parse(stop);
        // With the host's network the container has the host's name (the bundle builder fills it in), as in dockerd.
        if (string.IsNullOrEmpty(config.Hostname) && spec.Host.NetworkMode != "host") config = config with { Hostname = id.Short };

        var warnings = new List<string>();
        name ??= ContainerNames.Random(_store.NameInUse);
        var paths = ContainerPaths.For(_options, id);
        var record = new ContainerRecord
        {
            Id = id,
            Name = name,
            Created = _time.GetUtcNow(),
            ImageId = image.Id,
            ImageName = spec.Image,
            Spec = spec with { Name = name, Config = config },
            Paths = paths,
        };
        // Volumes first: a bad volume name or driver refuses the create before the container exists.
        await AttachVolumesAsync(id, record.Spec, ct);
        Directory.CreateDirectory(paths.ContainerDir);
        try
        {
            await _store.InsertAsync(record, ct);
        }
        catch
        {
            TryDeleteDirectory(paths.ContainerDir);
            await Cleanup(id, "volumes", () => new ValueTask(_volumes.DetachAsync(id.Value, true, CancellationToken.None)));
            throw;
        }
        var slot = Slot(id);
        slot.ImageConfig = image.Config;
        Publish(record, "create");
        return new ContainerCreateResult(id, warnings);
    }

    /// <summary>Resolves the image for create; a missing one is dockerd's <c>No such image: busybox:latest</c>.</summary>
    async Task<ImageView> ResolveImageAsync(string name, CancellationToken ct)
    {
        try
        {
            return await _images.InspectAsync(name, ct);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            var familiar = ImageReference.TryParseNormalized(name, out var reference) && reference is not null
                ? reference.WithDefaultTag().FamiliarString
                : name;
            throw EngineException.NotFound($"No such image: {familiar}");
        }
    }

    static void ValidateHost(HostSettings host)
    {
        host.RestartPolicy.Validate().CheckAutoRemove(host.AutoRemove);
    }

    static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for a later prune; the container record is what matters.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
