namespace Wharf.Cli.Templates;

/// <summary>
/// Methods with arguments of a template's struct, such as the docker CLI's <c>{{.Label "com.example"}}</c>.
/// A <see cref="TemplateStruct"/> holds fields only; one whose Go type has methods pairs with one of these, so no reflection is needed.
/// </summary>
internal interface ITemplateMethods
{
    /// <summary>Calls <paramref name="name"/>; false when the row has no such method. <paramref name="header"/> asks for the column title.</summary>
    bool TryCall(string name, IReadOnlyList<object?> args, bool header, out object? result);
}
