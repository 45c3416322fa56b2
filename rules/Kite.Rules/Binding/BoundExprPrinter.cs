using System.Text;

namespace Kite.Rules.Binding;

/// <summary>Renders a bound condition as text, parenthesised so the evaluation structure is explicit.</summary>
internal static class BoundExprPrinter
{
    public static string Print(BoundExpr expr)
    {
        var text = new StringBuilder();
        Print(expr, text, top: true);
        return text.ToString();
    }

    private static void Print(BoundExpr expr, StringBuilder text, bool top)
    {
        switch (expr)
        {
            case BoundConstant c:
                text.Append(c.Value ? "true" : "false");
                break;
            case BoundNot not:
                text.Append("not ");
                Print(not.Operand, text, top: false);
                break;
            case BoundAnd and:
                Join(and.Operands, " and ", text, top);
                break;
            case BoundOr or:
                Join(or.Operands, " or ", text, top);
                break;
            default:
                text.Append(expr);
                break;
        }
    }

    private static void Join(IReadOnlyList<BoundExpr> operands, string separator, StringBuilder text, bool top)
    {
        if (!top)
            text.Append('(');
        for (int i = 0; i < operands.Count; i++)
        {
            if (i > 0)
                text.Append(separator);
            Print(operands[i], text, top: false);
        }
        if (!top)
            text.Append(')');
    }
}
