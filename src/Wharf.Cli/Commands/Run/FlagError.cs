namespace Wharf.Cli.Commands.Run;

/// <summary>Docker's message for a flag whose value does not parse; exit status 125, as for any usage error.</summary>
internal static class FlagError
{
    public static CliException Invalid(string value, string flag, string reason, string verb)
        => new($"invalid argument \"{value}\" for \"{flag}\" flag: {reason}\nSee 'wharf {verb} --help'.", 125);
}
