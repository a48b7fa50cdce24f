namespace Wharf.Cli.Commands.Doctor;

/// <summary>How a check came out; <see cref="Skip"/> is a check that an earlier failure made pointless.</summary>
internal enum CheckStatus { Ok, Warn, Fail, Skip }

/// <summary>One line of <c>wharf doctor</c>: what was checked, what was found, and for a failure, the fix.</summary>
internal sealed record DoctorCheck(CheckStatus Status, string Name, string Detail, string? Fix = null)
{
    public static DoctorCheck Ok(string name, string detail) => new(CheckStatus.Ok, name, detail);
    public static DoctorCheck Warn(string name, string detail) => new(CheckStatus.Warn, name, detail);
    public static DoctorCheck Fail(string name, string detail, string fix) => new(CheckStatus.Fail, name, detail, fix);
    public static DoctorCheck Skip(string name, string detail) => new(CheckStatus.Skip, name, detail);

    public string Label => Status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Warn => "warn",
        CheckStatus.Fail => "FAIL",
        _ => "skip",
    };
}
