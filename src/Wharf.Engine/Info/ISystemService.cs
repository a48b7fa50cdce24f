namespace Wharf.Engine.Info;

/// <summary>The daemon-wide views: version, info.</summary>
public interface ISystemService
{
    VersionView Version();

    Task<SystemInfoView> InfoAsync(CancellationToken ct);
}
