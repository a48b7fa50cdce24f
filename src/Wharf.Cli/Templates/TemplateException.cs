namespace Wharf.Cli.Templates;

/// <summary>A template that cannot be parsed or executed; the message is what the docker CLI prints after its prefix.</summary>
internal sealed class TemplateException(string message) : Exception(message)
{
}
