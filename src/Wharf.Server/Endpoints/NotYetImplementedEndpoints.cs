using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine;

namespace Wharf.Server.Endpoints;

/// <summary>Maps the rows of <see cref="NotYetImplemented"/>, and the 404 for every path and method nothing else takes.</summary>
internal static class NotYetImplementedEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        foreach (var (pattern, what) in NotYetImplemented.Routes)
            api.Map(pattern, () => Throw(NotYetImplemented.Error(what)));
        foreach (var pattern in NotYetImplemented.SwarmRoutes)
            api.Map(pattern, () => Throw(NotYetImplemented.NotSwarmManager()));
    }

    /// <summary>
    /// dockerd answers 404 "page not found" both for unknown paths and for known paths with the wrong method.
    /// A catch-all for every method keeps ASP.NET from answering 405 for the latter.
    /// </summary>
    /// The RequestDelegate overload matters: the request delegate generator's version of the Delegate one
    /// skips paths whose last segment has a dot ("/v1.41"), as the pattern-less fallback does.
    public static void MapPageNotFound(IEndpointRouteBuilder api) =>
        api.MapFallback("{**path}", _ => throw PageNotFound());

    public static EngineException PageNotFound() => EngineException.NotFound("page not found");

    static IResult Throw(EngineException e) => throw e;
}
