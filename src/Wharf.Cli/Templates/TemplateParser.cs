using System.Globalization;
using System.Text;

namespace Wharf.Cli.Templates;

/// <summary>Parses Go's text/template syntax (actions, pipelines, if/else if/else, range, with, variables, trim markers, comments).</summary>
internal sealed class TemplateParser
{
    readonly string _src;
    readonly IReadOnlySet<string> _functions;
    readonly string _name;
    int _pos;
    /// <summary>Where the action being tokenized starts its content in the source, for the positions of its fields.</summary>
    int _contentStart;

    TemplateParser(string source, IReadOnlySet<string> functions, string name)
    {
        _src = source;
        _functions = functions;
        _name = name;
    }

    /// <summary>The nodes of <paramref name="source"/>; errors name the template <paramref name="name"/> as Go's do.</summary>
    public static IReadOnlyList<TemplateNode> Parse(string source, IReadOnlySet<string> functions, string name = "")
    {
        var parser = new TemplateParser(source, functions, name);
        var nodes = parser.ParseList(out var end, out var endPos);
        if (end is not null) throw parser.Error(endPos, $"unexpected {{{{{end}}}}}");
        return nodes;
    }

    /// <summary>Parses until EOF or an <c>end</c>/<c>else</c> action, which it reports in <paramref name="terminator"/>.</summary>
    List<TemplateNode> ParseList(out string? terminator, out int terminatorPos)
    {
        var nodes = new List<TemplateNode>();
        // The action that ended just before this list (an if, else or end) may have a trailing trim marker.
        var trimNext = _pos > 0 && TrimAfterLastAction();
        while (true)
        {
            var open = _src.IndexOf("{{", _pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? _src.Length : open;
            var text = _src[_pos..textEnd];
            if (trimNext) text = text.TrimStart(' ', '\t', '\r', '\n');
            var trimBefore = open >= 0 && open + 2 < _src.Length && _src[open + 2] == '-' && open + 3 < _src.Length && IsSpace(_src[open + 3]);
            if (trimBefore) text = text.TrimEnd(' ', '\t', '\r', '\n');
            if (text.Length > 0) nodes.Add(new TextNode(_pos, text));
            if (open < 0)
            {
                _pos = _src.Length;
                terminator = null;
                terminatorPos = _pos;
                return nodes;
            }
            var contentStart = open + (trimBefore ? 3 : 2);
            var close = FindClose(contentStart);
            if (close < 0) throw Error(open, "unclosed action");
            var trimAfter = close >= 1 && _src[close - 1] == '-' && close - 2 >= contentStart && IsSpace(_src[close - 2]);
            var content = _src[contentStart..(trimAfter ? close - 1 : close)];
            _pos = close + 2;
            trimNext = trimAfter;

            var trimmed = content.Trim();
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                if (!trimmed.EndsWith("*/", StringComparison.Ordinal)) throw Error(open, "unclosed comment");
                continue;
            }
            _contentStart = contentStart;
            var tokens = Tokenize(content, open);
            if (tokens.Count == 0) throw Error(open, "missing value for command");
            var keyword = tokens[0].Kind == TokenKind.Identifier ? tokens[0].Text : null;
            switch (keyword)
            {
                case "end":
                    terminator = "end";
                    terminatorPos = open;
                    return nodes;
                case "else":
                    terminator = tokens.Count > 1 ? "else " + content.Trim()[4..].Trim() : "else";
                    terminatorPos = open;
                    _elseTokens = tokens.Count > 1 ? tokens.GetRange(1, tokens.Count - 1) : null;
                    return nodes;
                case "if" or "range" or "with":
                    nodes.Add(ParseBranch(keyword, tokens.GetRange(1, tokens.Count - 1), open, content.Trim()));
                    break;
                case "define" or "template" or "block" or "break" or "continue":
                    throw Error(open, $"{keyword} is not supported");
                default:
                    nodes.Add(new ActionNode(open, content.Trim(), ParsePipeline(tokens, open, allowDeclaration: true)));
                    break;
            }
            // A branch ends with its own {{end}}, whose trim marker governs the text that follows.
            if (nodes.Count > 0 && nodes[^1] is BranchNode && _pos > 0) trimNext = TrimAfterLastAction();
        }
    }

    List<Token>? _elseTokens;

    BranchNode ParseBranch(string kind, List<Token> tokens, int pos, string source)
    {
        if (tokens.Count == 0) throw Error(pos, $"missing value for {kind}");
        var pipe = ParsePipeline(tokens, pos, allowDeclaration: true);
        var body = ParseList(out var term, out var termPos);
        List<TemplateNode>? elseBody = null;
        if (term is null) throw Error(_src.Length, "unexpected EOF");
        if (term.StartsWith("else", StringComparison.Ordinal))
        {
            var elseTokens = _elseTokens;
            _elseTokens = null;
            if (elseTokens is { Count: > 0 } && elseTokens[0] is { Kind: TokenKind.Identifier } chained && chained.Text is "if" or "with")
            {
                // "else if" / "else with": a nested branch that shares this one's end.
                var nested = ParseBranch(chained.Text, elseTokens.GetRange(1, elseTokens.Count - 1), termPos, term);
                elseBody = [nested];
                return new BranchNode(pos, kind, source, pipe, body, elseBody);
            }
            if (elseTokens is { Count: > 0 }) throw Error(termPos, "unexpected tokens after else");
            elseBody = ParseList(out term, out termPos);
            if (term != "end") throw Error(termPos, term is null ? "unexpected EOF" : $"expected end; found {{{{{term}}}}}");
        }
        return new BranchNode(pos, kind, source, pipe, body, elseBody);
    }

    bool TrimAfterLastAction() => _pos >= 4 && _src[_pos - 3] == '-' && IsSpace(_src[_pos - 4]);

    int FindClose(int from)
    {
        var i = from;
        while (i < _src.Length - 1)
        {
            var c = _src[i];
            if (c is '"' or '`')
            {
                var end = _src.IndexOf(c, i + 1);
                while (c == '"' && end > 0 && _src[end - 1] == '\\') end = _src.IndexOf(c, end + 1);
                if (end < 0) return -1;
                i = end + 1;
                continue;
            }
            if (c == '}' && _src[i + 1] == '}') return i;
            i++;
        }
        return -1;
    }

    Pipeline ParsePipeline(List<Token> tokens, int pos, bool allowDeclaration)
    {
        var i = 0;
        var declarations = new List<string>();
        if (allowDeclaration)
        {
            var j = 0;
            var names = new List<string>();
            while (j < tokens.Count && tokens[j].Kind == TokenKind.Variable && tokens[j].Fields.Count == 0)
            {
                names.Add(tokens[j].Text);
                j++;
                if (j < tokens.Count && tokens[j].Kind == TokenKind.Comma) { j++; continue; }
                break;
            }
            if (names.Count > 0 && j < tokens.Count && tokens[j].Kind is TokenKind.Declare or TokenKind.Assign)
            {
                declarations = names;
                i = j + 1;
            }
        }
        var commands = new List<TemplateCommand>();
        var args = new List<Operand>();
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case TokenKind.Pipe:
                    if (args.Count == 0) throw Error(pos, "missing value for command");
                    commands.Add(new TemplateCommand(args));
                    args = [];
                    break;
                case TokenKind.Group:
                    args.Add(new FieldOperand(null, ParsePipeline(t.Inner!, pos, allowDeclaration: false), t.Fields, t.At));
                    break;
                case TokenKind.Field:
                    args.Add(new FieldOperand(null, null, t.Fields, t.At));
                    break;
                case TokenKind.Variable:
                    args.Add(new FieldOperand(t.Text, null, t.Fields, t.At));
                    break;
                case TokenKind.String:
                case TokenKind.Number:
                    args.Add(new LiteralOperand(t.Value, t.Text, t.At));
                    break;
                case TokenKind.Identifier:
                    if (t.Text is "true" or "false") args.Add(new LiteralOperand(t.Text == "true", t.Text, t.At));
                    else if (t.Text == "nil") args.Add(new LiteralOperand(null, t.Text, t.At));
                    else if (!_functions.Contains(t.Text)) throw Error(pos, $"function \"{t.Text}\" not defined");
                    else args.Add(new FunctionOperand(t.Text, t.At));
                    break;
                default:
                    throw Error(pos, $"unexpected \"{t.Text}\" in command");
            }
        }
        if (args.Count == 0) throw Error(pos, "missing value for command");
        commands.Add(new TemplateCommand(args));
        return new Pipeline(declarations, commands);
    }

    enum TokenKind { Field, Variable, Identifier, String, Number, Pipe, Comma, Declare, Assign, Group }

    /// <summary>A token; <see cref="At"/> is Go's position of its node (see <see cref="Operand.Pos"/>), <see cref="Text"/> a literal's text as written.</summary>
    sealed record Token(TokenKind Kind, string Text, IReadOnlyList<string> Fields, object? Value = null, List<Token>? Inner = null, int At = -1);

    List<Token> Tokenize(string content, int pos)
    {
        var tokens = new List<Token>();
        var i = 0;
        Tokenize(content, ref i, tokens, pos, nested: false);
        return tokens;
    }

    void Tokenize(string s, ref int i, List<Token> tokens, int pos, bool nested)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (IsSpace(c)) { i++; continue; }
            if (c == ')')
            {
                if (!nested) throw Error(pos, "unexpected right paren");
                i++;
                return;
            }
            if (c == '(')
            {
                i++;
                var inner = new List<Token>();
                Tokenize(s, ref i, inner, pos, nested: true);
                var chain = i;
                tokens.Add(new Token(TokenKind.Group, "(", ReadFields(s, ref i), Inner: inner, At: _contentStart + chain));
                continue;
            }
            if (c == '|') { tokens.Add(new Token(TokenKind.Pipe, "|", [])); i++; continue; }
            if (c == ',') { tokens.Add(new Token(TokenKind.Comma, ",", [])); i++; continue; }
            if (c == ':' && i + 1 < s.Length && s[i + 1] == '=') { tokens.Add(new Token(TokenKind.Declare, ":=", [])); i += 2; continue; }
            if (c == '=') { tokens.Add(new Token(TokenKind.Assign, "=", [])); i++; continue; }
            if (c == '"' || c == '`')
            {
                var start = i;
                var value = ReadString(s, ref i, pos);
                tokens.Add(new Token(TokenKind.String, s[start..i], [], value, At: _contentStart + start));
                continue;
            }
            if (c == '.')
            {
                if (i + 1 < s.Length && char.IsDigit(s[i + 1])) { tokens.Add(ReadNumber(s, ref i, pos)); continue; }
                var start = i;
                var fields = ReadFields(s, ref i);
                if (fields.Count == 0) i++; // a bare dot
                // Go parses .A.B as the field .A followed by a chain that starts at .B.
                var at = fields.Count < 2 ? start : start + 1 + fields[0].Length;
                tokens.Add(new Token(TokenKind.Field, ".", fields, At: _contentStart + at));
                continue;
            }
            if (c == '$')
            {
                var start = i++;
                while (i < s.Length && IsIdent(s[i])) i++;
                var name = s[start..i];
                var chain = i;
                var fields = ReadFields(s, ref i);
                tokens.Add(new Token(TokenKind.Variable, name, fields, At: _contentStart + (fields.Count == 0 ? start : chain)));
                continue;
            }
            if (char.IsDigit(c) || ((c == '-' || c == '+') && i + 1 < s.Length && char.IsDigit(s[i + 1])))
            {
                tokens.Add(ReadNumber(s, ref i, pos));
                continue;
            }
            if (IsIdent(c))
            {
                var start = i;
                while (i < s.Length && IsIdent(s[i])) i++;
                tokens.Add(new Token(TokenKind.Identifier, s[start..i], [], At: _contentStart + start));
                continue;
            }
            throw Error(pos, $"unexpected \"{c}\" in command");
        }
        if (nested) throw Error(pos, "unclosed left paren");
    }

    static List<string> ReadFields(string s, ref int i)
    {
        var fields = new List<string>();
        while (i < s.Length && s[i] == '.' && i + 1 < s.Length && IsIdent(s[i + 1]))
        {
            var start = ++i;
            while (i < s.Length && IsIdent(s[i])) i++;
            fields.Add(s[start..i]);
        }
        return fields;
    }

    Token ReadNumber(string s, ref int i, int pos)
    {
        var start = i;
        i++;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '.' || s[i] == '_')) i++;
        var text = s[start..i];
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return new Token(TokenKind.Number, text, [], l, At: _contentStart + start);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return new Token(TokenKind.Number, text, [], d, At: _contentStart + start);
        throw Error(pos, $"bad number syntax: \"{text}\"");
    }

    string ReadString(string s, ref int i, int pos)
    {
        var quote = s[i++];
        var sb = new StringBuilder();
        while (i < s.Length && s[i] != quote)
        {
            if (quote == '"' && s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '"' => '"', _ => throw Error(pos, "unquote: invalid syntax") });
                i++;
                continue;
            }
            sb.Append(s[i++]);
        }
        if (i >= s.Length) throw Error(pos, "unterminated quoted string");
        i++;
        return sb.ToString();
    }

    static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    static bool IsIdent(char c) => char.IsLetterOrDigit(c) || c == '_';

    TemplateException Error(int pos, string message) => new($"template: {_name}:{Line(_src, pos)}: {message}");

    internal static int Line(string src, int pos) => 1 + src.AsSpan(0, Math.Min(pos, src.Length)).Count('\n');
}
