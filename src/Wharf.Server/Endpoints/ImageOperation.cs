namespace Wharf.Server.Endpoints;

/// <summary>What an <c>/images/{name}/…</c> request asks for once its name is peeled off.</summary>
internal enum ImageOperation
{
    Inspect,
    History,
    Export,
    Tag,
    Push,
    Delete,
}
