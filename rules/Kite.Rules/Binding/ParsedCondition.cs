using Kite.Rules.Loading;
using Kite.Rules.Syntax;

namespace Kite.Rules.Binding;

/// <summary>A macro or rule condition after list substitution and parsing, with what is needed to locate errors in it.</summary>
internal sealed class ParsedCondition
{
    public ParsedCondition(string item, ConditionText source, ListSubstitution.Result substituted, Expr expression)
    {
        Item = item;
        Source = source;
        Substituted = substituted;
        Expression = expression;
    }

    /// <summary>`rule 'X'` or `macro 'Y'`.</summary>
    public string Item { get; }

    public ConditionText Source { get; }

    public ListSubstitution.Result Substituted { get; }

    public Expr Expression { get; }

    public SourceLocation Locate(int offset) => Source.Locate(Substituted.MapToOriginal(offset));
}
