using System.Globalization;
using Wharf.Api.Containers;

namespace Wharf.Cli.Commands.Container;

/// <summary>opts.ParseRestartPolicy: <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure[:max-retries]</c>.</summary>
internal static class RestartPolicies
{
    public static RestartPolicy Parse(string value)
    {
        if (value.Length == 0) return new RestartPolicy();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon >= 0 ? value[..colon] : value;
        var count = 0;
        if (colon >= 0)
        {
            var retries = value[(colon + 1)..];
            if (name != "on-failure") throw new CliException($"invalid restart policy format: maximum retry count can only be used with 'on-failure'");
            if (!int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out count))
                throw new CliException($"invalid restart policy format: maximum retry count must be an integer: strconv.Atoi: parsing \"{retries}\": invalid syntax");
        }
        return name switch
        {
            "no" or "always" or "unless-stopped" or "on-failure" => new RestartPolicy { Name = name, MaximumRetryCount = count },
            _ => throw new CliException($"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"),
        };
    }
}
