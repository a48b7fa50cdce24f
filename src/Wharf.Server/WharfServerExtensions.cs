using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wharf.Api;
using Wharf.Server.Endpoints;
using Wharf.Server.Http;
using Wharf.Server.Security;

namespace Wharf.Server;

/// <summary>
/// How the daemon hosts the Engine API: <see cref="AddWharfServer"/> on the services, <see cref="UseWharfApi"/> on the
/// app. The engine services (IImageService, IEventService, ISystemService) come from the container; listeners are
/// the daemon's business.
/// </summary>
public static class WharfServerExtensions
{
    /// <summary>JSON with WharfJson first in the resolver chain, binding failures as exceptions (so the one error mapper answers them), no Kestrel Server header (ours is set per response).</summary>
    public static IServiceCollection AddWharfServer(this IServiceCollection services)
    {
        services.AddRouting();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, WharfJson.Default);
            o.SerializerOptions.Encoder = WireJson.Options.Encoder;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        AddAccessControl(services);
        return services;
    }

    /// <summary>
    /// Identities, roles and the audit log (Security/). An <see cref="AccessControlOptions"/> registered before this call
    /// wins; without one every caller is an admin and nothing is audited (in-process hosts).
    /// </summary>
    static void AddAccessControl(IServiceCollection services)
    {
        services.TryAddSingleton(new AccessControlOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CallerResolver(sp.GetRequiredService<AccessControlOptions>()));
        services.TryAddSingleton(sp => new OperatorRules(sp.GetRequiredService<AccessControlOptions>().OperatorBindPaths));
        services.TryAddSingleton<AuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
    }

    /// <summary>
    /// The middleware (errors, then API version and standard headers, then access control, all before routing) and every route, each
    /// reachable with and without a <c>/vX.Y</c> prefix. Unknown paths and wrong methods end as dockerd's 404.
    /// </summary>
    public static WebApplication UseWharfApi(this WebApplication app)
    {
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<ApiVersionMiddleware>();
        app.UseMiddleware<AccessControlMiddleware>();
        app.UseRouting();
        SystemEndpoints.Map(app);
        EventsEndpoints.Map(app);
        ImagesEndpoints.Map(app);
        ContainersEndpoints.Map(app);
        ContainersArchiveEndpoints.Map(app);
        ContainersCommitEndpoints.Map(app);
        ExecEndpoints.Map(app);
        VolumesEndpoints.Map(app);
        NetworksEndpoints.Map(app);
        NotYetImplementedEndpoints.Map(app);
        NotYetImplementedEndpoints.MapPageNotFound(app);
        return app;
    }
}
