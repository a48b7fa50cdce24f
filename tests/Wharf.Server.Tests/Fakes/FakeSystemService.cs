using Wharf.Engine.Info;

namespace Wharf.Server.Tests.Fakes;

/// <summary>A system service returning settable views.</summary>
public sealed class FakeSystemService : ISystemService
{
    public Func<VersionView> OnVersion { get; set; } = () => Samples.Version;
    public Func<SystemInfoView> OnInfo { get; set; } = () => Samples.Info;

    public VersionView Version() => OnVersion();
    public Task<SystemInfoView> InfoAsync(CancellationToken ct) => Task.FromResult(OnInfo());
}
