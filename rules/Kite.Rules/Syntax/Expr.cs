namespace Kite.Rules.Syntax;

/// <summary>A node of a parsed condition. <see cref="Start"/> is the offset in the (list-substituted) condition text.</summary>
internal abstract record Expr(int Start);

/// <summary>`a and b and c` (n-ary, left to right).</summary>
internal sealed record AndExpr(int Start, IReadOnlyList<Expr> Operands) : Expr(Start);

/// <summary>`a or b or c` (n-ary, left to right).</summary>
internal sealed record OrExpr(int Start, IReadOnlyList<Expr> Operands) : Expr(Start);

internal sealed record NotExpr(int Start, Expr Operand) : Expr(Start);

/// <summary>An identifier that is not a field: a macro reference.</summary>
internal sealed record MacroRefExpr(int Start, string Name) : Expr(Start);

/// <summary>`LEFT OP [RIGHT]`; <see cref="Modifier"/> is `oneof`/`anyof`/`allof` or null.</summary>
internal sealed record CheckExpr(int Start, Operand Left, string Operator, int OperatorStart, string? Modifier, Operand? Right) : Expr(Start);

/// <summary>An operand of a check.</summary>
internal abstract record Operand(int Start);

/// <summary>A field reference: the token as lexed (`evt.arg.flags`) and the bracket argument, if any.</summary>
internal sealed record FieldOperand(int Start, string Token, string? BracketArgument) : Operand(Start)
{
    public override string ToString() => BracketArgument is null ? Token : $"{Token}[{BracketArgument}]";
}

/// <summary>`name(args)[arg]`: a transformer (`tolower(proc.name)`) or `val(field)`.</summary>
internal sealed record TransformerOperand(int Start, string Name, IReadOnlyList<Operand> Arguments, string? BracketArgument) : Operand(Start)
{
    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})" + (BracketArgument is null ? "" : $"[{BracketArgument}]");
}

/// <summary>A literal value (quoted or bare), already unescaped.</summary>
internal sealed record ValueOperand(int Start, string Value, bool Quoted) : Operand(Start)
{
    public override string ToString() => Quoted ? "\"" + Value.Replace("\"", "\\\"") + "\"" : Value;
}

/// <summary>`(a, b, "c d")`.</summary>
internal sealed record ListOperand(int Start, IReadOnlyList<ValueOperand> Items) : Operand(Start)
{
    public override string ToString() => "(" + string.Join(", ", Items) + ")";
}
