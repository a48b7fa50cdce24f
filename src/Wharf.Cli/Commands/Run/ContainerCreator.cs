using Wharf.Api.Containers;
using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>POST /containers/create</c> as <c>run</c> and <c>create</c> send it: when the daemon has no such image, say
/// "Unable to find image '…' locally", pull it (<c>POST /images/create</c>) and create again; the daemon's warnings go to stderr.
/// </summary>
internal static class ContainerCreator
{
    public static async Task<string> CreateAsync(CliContext cli, ContainerCreateRequest request, string? name, string? platform, CancellationToken ct)
    {
        ContainerCreateResponse created;
        try
        {
            created = await cli.Client.Containers.CreateAsync(request, name, platform, ct);
        }
        catch (WharfApiException e) when (e.StatusCode == 404 && e.Message.StartsWith("No such image", StringComparison.OrdinalIgnoreCase))
        {
            var image = ImageName.Parse(request.Image ?? "");
            cli.Err.WriteLine($"Unable to find image '{image.Familiar}' locally");
            await foreach (var message in cli.Client.Images.PullAsync(image.Repository, image.Tag, ct))
            {
                if (message.Status is { } status)
                    cli.Err.WriteLine(message.Id is null ? status : $"{message.Id}: {status}");
            }
            created = await cli.Client.Containers.CreateAsync(request, name, platform, ct);
        }
        foreach (var warning in created.Warnings) cli.Err.WriteLine($"WARNING: {warning}");
        return created.Id;
    }
}
