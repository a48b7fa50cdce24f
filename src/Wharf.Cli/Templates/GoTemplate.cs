using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Templates;

/// <summary>
/// A Go text/template evaluated over a JSON document model or the docker CLI's own types (<see cref="TemplateStruct"/>),
/// with Go's semantics: a missing map key prints <c>&lt;no value&gt;</c>, a missing field of a struct is an error naming
/// the type, as the docker CLI reports. Parse once, execute per row.
/// </summary>
internal sealed class GoTemplate
{
    readonly string _source;
    readonly string _name;
    readonly IReadOnlyList<TemplateNode> _nodes;

    GoTemplate(string source, string name, IReadOnlyList<TemplateNode> nodes)
    {
        _source = source;
        _name = name;
        _nodes = nodes;
    }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="TemplateException"/> with Go's message, which names the template <paramref name="name"/>.</summary>
    public static GoTemplate Parse(string source, string name = "") => new(source, name, TemplateParser.Parse(source, TemplateFunctions.Names, name));

    /// <summary>Renders the template over a JSON document: a key an object lacks prints <c>&lt;no value&gt;</c>, as in a Go map.</summary>
    public string Execute(JsonNode? data) => Run(data, header: false);

    /// <summary>Renders over raw JSON with Go's <c>missingkey=error</c>: a key an object lacks is an error, not <c>&lt;no value&gt;</c>.</summary>
    public string Execute(JsonNode? data, bool strictKeys) => Run(data, header: false, strictKeys: strictKeys);

    /// <summary>
    /// Renders a table header: the template over the column titles (a title the map lacks is empty), with the docker
    /// CLI's header functions and the context's methods answering for the header (<c>.Label "k"</c>).
    /// </summary>
    public void ExecuteHeader(StringBuilder output, TemplateMap titles, ITemplateMethods? methods = null)
        => new Execution(this, titles, output, header: true, methods, strictKeys: false).Walk(_nodes, titles);

    /// <summary>
    /// Renders the template over template values (<see cref="TemplateStruct"/>, <see cref="TemplateMap"/>, strings…) into
    /// <paramref name="output"/>, which keeps what was written before a failure: the docker CLI prints that part too.
    /// </summary>
    public void Execute(StringBuilder output, object? data) => new Execution(this, data, output, header: false, null, strictKeys: false).Walk(_nodes, data);

    string Run(JsonNode? data, bool header, bool strictKeys = false)
    {
        var output = new StringBuilder();
        var root = TemplateValues.FromNode(data);
        new Execution(this, root, output, header, null, strictKeys).Walk(_nodes, root);
        return output.ToString();
    }

    /// <param name="rootMethods">The methods of <paramref name="root"/> when it is not a struct that has its own (a header's titles).</param>
    sealed class Execution(GoTemplate template, object? root, StringBuilder output, bool header, ITemplateMethods? rootMethods, bool strictKeys)
    {
        readonly List<(string Name, object? Value)> _vars = [("$", root)];

        /// <summary>
        /// The operand evaluated last, as Go's executor tracks its node: an error in the fields after <c>(pipe)</c> is
        /// placed at the last node the pipe evaluated (<c>0</c> in <c>(index .A 0).B</c>), not at the chain.
        /// </summary>
        Operand? _at;

        public void Walk(IReadOnlyList<TemplateNode> nodes, object? dot)
        {
            // Indexed loops here and below: a foreach over an IReadOnlyList allocates its enumerator, for every row and action.
            for (var i = 0; i < nodes.Count; i++)
            {
                switch (nodes[i])
                {
                    case TextNode t:
                        output.Append(t.Text);
                        break;
                    case ActionNode a:
                        var value = Pipe(a.Pipe, dot, a.Pos);
                        if (a.Pipe.Declarations.Count == 0) output.Append(TemplateValues.Print(value));
                        break;
                    case BranchNode b:
                        Branch(b, dot);
                        break;
                }
            }
        }

        void Branch(BranchNode b, object? dot)
        {
            var mark = _vars.Count;
            try
            {
                if (b.Kind == "range")
                {
                    var value = Pipe(b.Pipe, dot, b.Pos, declare: false);
                    var any = false;
                    foreach (var (key, element) in TemplateValues.Elements(value))
                    {
                        any = true;
                        var inner = _vars.Count;
                        if (b.Pipe.Declarations.Count == 1) _vars.Add((b.Pipe.Declarations[0], element));
                        else if (b.Pipe.Declarations.Count == 2)
                        {
                            _vars.Add((b.Pipe.Declarations[0], key));
                            _vars.Add((b.Pipe.Declarations[1], element));
                        }
                        Walk(b.Body, element);
                        _vars.RemoveRange(inner, _vars.Count - inner);
                    }
                    if (!any && b.Else is not null) Walk(b.Else, dot);
                    return;
                }
                var result = Pipe(b.Pipe, dot, b.Pos);
                if (TemplateValues.IsTrue(result)) Walk(b.Body, b.Kind == "with" ? result : dot);
                else if (b.Else is not null) Walk(b.Else, dot);
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
            }
        }

        object? Pipe(Pipeline pipe, object? dot, int pos, bool declare = true)
        {
            object? value = null;
            var first = true;
            for (var i = 0; i < pipe.Commands.Count; i++)
            {
                value = Run(pipe, pipe.Commands[i], dot, pos, first ? null : new Box(value));
                first = false;
            }
            if (declare)
                for (var i = 0; i < pipe.Declarations.Count; i++) _vars.Add((pipe.Declarations[i], value));
            return value;
        }

        sealed record Box(object? Value);

        /// <summary>A call's arguments: the operands after the name, then the piped value. (A loop: NativeAOT makes LINQ's generic virtual calls at run time.)</summary>
        List<object?> Arguments(TemplateCommand command, object? dot, int pos, Box? piped)
        {
            var args = new List<object?>(command.Args.Count);
            for (var i = 1; i < command.Args.Count; i++) args.Add(Operand(command.Args[i], dot, pos));
            if (piped is not null) args.Add(piped.Value);
            return args;
        }

        /// <param name="pipe">The pipeline the command is in, which Go's error names when a parenthesized one is given arguments.</param>
        object? Run(Pipeline pipe, TemplateCommand command, object? dot, int pos, Box? piped)
        {
            if (command.Args[0] is FunctionOperand f)
            {
                _at = f;
                var args = Arguments(command, dot, pos, piped);
                try
                {
                    return TemplateFunctions.Call(f.Name, args, header);
                }
                catch (TemplateException e)
                {
                    throw Error(pos, f.Name, e.Message);
                }
            }
            var hasArguments = command.Args.Count > 1 || piped is not null;
            // Only a call with arguments can be a method: the methods are those that take some, and a plain field is read
            // without gathering an argument list first (a table reads several fields of every row).
            if (hasArguments && command.Args[0] is FieldOperand { Variable: null, Inner: null, Fields: [var method] } && MethodsOf(dot) is { } methods)
            {
                _at = command.Args[0];
                var args = Arguments(command, dot, pos, piped);
                if (methods.TryCall(method, args, header, out var result)) return result;
            }
            if (hasArguments)
            {
                switch (command.Args[0])
                {
                    case FieldOperand { Fields.Count: > 0 } field:
                        return FieldWithArguments(command, field, dot, pos, piped);
                    case FieldOperand { Inner: { } inner }:
                        throw Error(pos, DescribePipe(pipe), $"can't give argument to non-function {DescribePipe(inner)}");
                }
                throw Error(pos, Describe(command.Args[0]), $"can't give argument to non-function {Describe(command.Args[0])}");
            }
            return Operand(command.Args[0], dot, pos);
        }

        /// <summary>
        /// <c>.A.B arg</c>: the receiver is read, then its last name must be a method. A field is Go's error: a plain
        /// struct's field cannot be called, and a context's field is a method that takes no arguments.
        /// </summary>
        object? FieldWithArguments(TemplateCommand command, FieldOperand field, object? dot, int pos, Box? piped)
        {
            var receiver = FieldValue(field, field.Fields.Count - 1, dot, pos, out var at);
            var name = field.Fields[^1];
            if (receiver is TemplateStruct { Methods: { } methods } && methods.TryCall(name, Arguments(command, dot, pos, piped), header, out var result))
                return result;
            switch (receiver)
            {
                case TemplateStruct s when s.TryGetField(name, out _):
                    var given = command.Args.Count - 1 + (piped is null ? 0 : 1);
                    throw FieldError(at, s.FieldsAreMethods
                        ? $"wrong number of args for {name}: want 0 got {given}"
                        : $"{name} has arguments but cannot be invoked as function");
                case TemplateMap or JsonObject:
                    throw FieldError(at, $"{name} is not a method but has arguments");
                default:
                    // Field's own errors first: a nil pointer, a name the struct lacks, a value that has no fields.
                    Field(receiver, name, at);
                    throw FieldError(at, $"can't evaluate field {name} in type {TemplateValues.TypeName(receiver)}");
            }
        }

        ITemplateMethods? MethodsOf(object? dot) => dot is TemplateStruct s ? s.Methods : ReferenceEquals(dot, root) ? rootMethods : null;

        object? Operand(Operand operand, object? dot, int pos)
        {
            switch (operand)
            {
                case LiteralOperand l:
                    _at = l;
                    return l.Value;
                case FunctionOperand f:
                    _at = f;
                    try { return TemplateFunctions.Call(f.Name, [], header); }
                    catch (TemplateException e) { throw Error(pos, f.Name, e.Message); }
                case FieldOperand field:
                    return FieldValue(field, field.Fields.Count, dot, pos, out _);
                default:
                    throw new InvalidOperationException("unknown operand");
            }
        }

        /// <summary>The operand's value through its first <paramref name="count"/> fields; <paramref name="at"/> is where an error in them is placed.</summary>
        object? FieldValue(FieldOperand field, int count, object? dot, int pos, out Operand at)
        {
            object? value;
            _at = field;
            if (field.Inner is not null) value = Pipe(field.Inner, dot, pos);
            else if (field.Variable is not null) value = Variable(field.Variable, pos);
            else value = dot;
            at = _at;
            for (var i = 0; i < count; i++) value = Field(value, field.Fields[i], at);
            return value;
        }

        object? Variable(string name, int pos)
        {
            for (var i = _vars.Count - 1; i >= 0; i--)
                if (_vars[i].Name == name) return _vars[i].Value;
            throw new TemplateException($"template: {template._name}:{TemplateParser.Line(template._source, pos)}: undefined variable \"{name}\"");
        }

        /// <param name="operand">Where an error is placed: the field operand, or what its <c>(pipe)</c> evaluated last.</param>
        object? Field(object? value, string name, Operand operand)
        {
            switch (value)
            {
                case TemplateStruct s:
                    return s.TryGetField(name, out var fv) ? fv : throw FieldError(operand, $"can't evaluate field {name} in type {s.TypeName}");
                case TemplateNil n:
                    throw FieldError(operand, n.HasField(name) ? $"nil pointer evaluating {n.TypeName}.{name}" : $"can't evaluate field {name} in type {n.TypeName}");
                case TemplateMap m:
                    // Header titles are a map[string]string in the docker CLI: a key without a title is "".
                    return m.TryGetValue(name, out var mv) ? mv : header ? "" : Missing.Value;
                case JsonObject o:
                    if (o.TryGetPropertyValue(name, out var v)) return TemplateValues.FromNode(v);
                    if (strictKeys) throw FieldError(operand, $"map has no entry for key \"{name}\"");
                    return Missing.Value;
                case null or Missing:
                    throw FieldError(operand, $"nil pointer evaluating interface {{}}.{name}");
                default:
                    throw FieldError(operand, $"can't evaluate field {name} in type {TemplateValues.TypeName(value)}");
            }
        }

        static string Describe(Operand operand) => operand switch
        {
            FieldOperand { Inner: null } f => (f.Variable ?? "") + (f.Fields.Count == 0 && f.Variable is null ? "." : string.Concat(f.Fields.Select(x => "." + x))),
            FieldOperand f => "(" + DescribePipe(f.Inner!) + ")" + string.Concat(f.Fields.Select(x => "." + x)),
            FunctionOperand f => f.Name,
            LiteralOperand l => l.Source,
            _ => "?",
        };

        /// <summary>A pipeline as Go prints its node: declarations, then commands joined by <c>|</c>, each its operands.</summary>
        static string DescribePipe(Pipeline pipe)
            => (pipe.Declarations.Count > 0 ? string.Join(", ", pipe.Declarations) + " := " : "")
               + string.Join(" | ", pipe.Commands.Select(c => string.Join(' ', c.Args.Select(Describe))));

        /// <summary>An error at a field, which Go places where the field (or its chain) is rather than where its action is.</summary>
        TemplateException FieldError(Operand operand, string message) => Error(operand.Pos, Describe(operand), message, exact: true);

        TemplateException Error(int pos, string at, string message, bool exact = false)
        {
            var line = TemplateParser.Line(template._source, pos);
            var lineStart = template._source.LastIndexOf('\n', Math.Max(0, pos - 1)) + 1;
            if (pos == 0) lineStart = 0;
            // Without the node's own position, the action's: its first operand is right after the "{{".
            var column = pos - lineStart + (exact ? 0 : 2);
            // A function's own error already says "error calling …"; Go prefixes position and operand either way.
            return new TemplateException($"template: {template._name}:{line}:{column}: executing \"{template._name}\" at <{at}>: {message}");
        }
    }
}
