using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Server.Http;

namespace Wharf.Server.Security;

/// <summary>
/// The one place the API is guarded. After the version prefix is gone and before routing, it names the caller, decides
/// from the method, the path, (for container, exec and volume creates by operators) the body, which it buffers and
/// rewinds for the endpoint, and (for an operator's exec, attach or copy into a container) how that container was made; a refusal is an <see cref="ErrorKind.Forbidden"/> the error middleware answers with 403.
/// Every request that is not a GET or HEAD, and every refusal, is written to the audit log when it ends; a hijacked
/// stream (attach, exec start) ends when the stream does, with status 101.
/// </summary>
internal sealed class AccessControlMiddleware(RequestDelegate next, CallerResolver callers, OperatorRules rules, AuditLog audit,
                                              TimeProvider time, ILogger<AccessControlMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = time.GetTimestamp();
        var request = http.Request;
        var caller = callers.Resolve(http);
        // Mutating requests are audited with the unix peer's uid, read now while the connection surely is open.
        var audited = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        if (audited) caller = CallerResolver.WithPeerUid(caller, http);
        AccessDenial? denial = null;
        int? failedStatus = null;
        var aborted = false;
        try
        {
            var route = RoutePolicy.Decide(caller.Role, request.Method, request.Path.Value ?? "/");
            denial = route.Denial
                     ?? await CheckContainerAsync(route, http)
                     ?? await CheckBodyAsync(route.Body, request, http.RequestAborted);
            if (denial is not null)
            {
                SecurityLog.Denied(logger, caller.Subject, RoleNames.Name(caller.Role), request.Method, request.Path, denial.Rule);
                throw new EngineException(ErrorKind.Forbidden, denial.Message(caller));
            }
            await next(http);
        }
        catch (Exception e)
        {
            // A client that left, or a failure after the status line went out, ends the request without a status of its own.
            aborted = http.Response.HasStarted || (e is OperationCanceledException && http.RequestAborted.IsCancellationRequested);
            if (!aborted) failedStatus = ErrorMiddleware.Classify(e).Status;
            throw;
        }
        finally
        {
            if (denial is not null || audited)
            {
                var status = failedStatus ?? http.Response.StatusCode;
                var outcome = denial is not null ? "denied" : aborted ? "aborted" : status >= 400 ? "error" : "ok";
                audit.Write(new AuditEntry(time.GetUtcNow(), caller, request.Method,
                    $"{request.PathBase}{request.Path}{request.QueryString}", status, outcome, denial?.Rule, time.GetElapsedTime(started)));
            }
        }
    }

    /// <summary>
    /// For an operator reaching into an existing container: what that container was created with. An unknown name is
    /// left to the endpoint (its 404), and a host without a container service has no containers to protect.
    /// </summary>
    async Task<AccessDenial?> CheckContainerAsync(RouteDecision route, HttpContext http)
    {
        if (route.Target is not { } name || http.RequestServices.GetService<IContainerService>() is not { } containers) return null;
        ContainerInspectView view;
        try
        {
            view = await containers.InspectAsync(name, size: false, http.RequestAborted);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
        return rules.ExistingContainer(name, route.Action!, view.Container.Spec.Host);
    }

    /// <summary>Reads the body the way its endpoint will (same records, same errors) and leaves it rewound.</summary>
    async Task<AccessDenial?> CheckBodyAsync(BodyCheck check, HttpRequest request, CancellationToken ct)
    {
        if (check == BodyCheck.None) return null;
        request.EnableBuffering();
        try
        {
            return check switch
            {
                BodyCheck.ContainerCreate => await JsonBody.ReadAsync(request, WireJson.Context.ContainerCreateRequest, ct) is { } create
                    ? rules.ContainerCreate(create) : null,
                BodyCheck.ExecCreate => await JsonBody.ReadAsync(request, WireJson.Context.ExecConfig, ct) is { } exec
                    ? OperatorRules.ExecCreate(exec) : null,
                BodyCheck.VolumeCreate => await JsonBody.ReadAsync(request, WireJson.Context.VolumeCreateOptions, ct) is { } volume
                    ? rules.VolumeCreate(volume) : null,
                _ => null,
            };
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
