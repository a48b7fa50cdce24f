using Wharf.Cli.Templates;

namespace Wharf.Cli.Output;

/// <summary>
/// <c>.Label "key"</c> of the docker CLI's container, network and volume list contexts: the label's value, and in a
/// table header the key's last dotted part with '-' and '_' as spaces.
/// </summary>
/// <param name="label">The value of a label, null when there is none.</param>
internal sealed class LabelMethods(Func<string, string?> label) : ITemplateMethods
{
    /// <summary>The methods answering for a table header.</summary>
    public static readonly LabelMethods Header = new(static _ => null);

    public LabelMethods(IReadOnlyDictionary<string, string>? labels) : this(key => labels?.GetValueOrDefault(key)) { }

    public bool TryCall(string name, IReadOnlyList<object?> args, bool header, out object? result)
    {
        result = null;
        if (name != "Label" || args.Count != 1 || args[0] is not string key) return false;
        result = header ? key[(key.LastIndexOf('.') + 1)..].Replace('-', ' ').Replace('_', ' ') : label(key) ?? "";
        return true;
    }
}
