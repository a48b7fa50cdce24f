namespace Wharf.Cli.Templates;

/// <summary>
/// Methods with arguments on a template's top-level row, such as the docker CLI's <c>{{.Label "com.example"}}</c>.
/// Rows are JSON objects (fields only); a row that has methods pairs with one of these, so no reflection is needed.
/// </summary>
internal interface ITemplateMethods
{
    /// <summary>Calls <paramref name="name"/>; false when the row has no such method. <paramref name="header"/> asks for the column title.</summary>
    bool TryCall(string name, IReadOnlyList<object?> args, bool header, out object? result);
}
