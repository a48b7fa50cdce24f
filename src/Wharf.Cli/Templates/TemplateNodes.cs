namespace Wharf.Cli.Templates;

/// <summary>A parsed template node; <see cref="Pos"/> is the byte offset of the node in the source, for Go-style error positions.</summary>
internal abstract record TemplateNode(int Pos);

internal sealed record TextNode(int Pos, string Text) : TemplateNode(Pos);

internal sealed record ActionNode(int Pos, string Source, Pipeline Pipe) : TemplateNode(Pos);

/// <summary><c>if</c>, <c>range</c> and <c>with</c>: a pipeline, a body and an optional else body.</summary>
internal sealed record BranchNode(int Pos, string Kind, string Source, Pipeline Pipe, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else) : TemplateNode(Pos);

/// <summary>Commands joined by <c>|</c>, with the variables they declare (<c>$v :=</c>, <c>$i, $v :=</c>).</summary>
internal sealed record Pipeline(IReadOnlyList<string> Declarations, IReadOnlyList<TemplateCommand> Commands);

/// <summary>One command of a pipeline: operands, the first of which may name a function.</summary>
internal sealed record TemplateCommand(IReadOnlyList<Operand> Args);

/// <summary>An operand; <see cref="Pos"/> is where Go places its node, which its errors point at.</summary>
internal abstract record Operand(int Pos);

/// <summary>
/// <c>.A.B</c> (on dot), <c>$x.A</c> (on a variable, Variable set) or <c>(pipe).A</c> (Inner set). Go places the node at
/// the field itself, or at the start of the chain that follows the first term (<c>.B</c> in <c>.A.B</c>, <c>.A</c> in
/// <c>$x.A</c>).
/// </summary>
internal sealed record FieldOperand(string? Variable, Pipeline? Inner, IReadOnlyList<string> Fields, int Pos) : Operand(Pos);

internal sealed record FunctionOperand(string Name, int Pos) : Operand(Pos);

/// <summary>A string, number, boolean or nil, with its text as written (Go's errors quote it so).</summary>
internal sealed record LiteralOperand(object? Value, string Source, int Pos) : Operand(Pos);
