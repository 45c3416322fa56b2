using Kite.Rules.Fields;

namespace Kite.Rules.Binding;

/// <summary>
/// The event types a condition can match (SPEC.md 2.8): `evt.type = X`/`in` give their codes, `!=` the
/// complement, `and` intersects, `or` unites, `not` swaps the can-be-true and can-be-false sets (De
/// Morgan without rewriting); `evt.num = 0` can never be true. Any other check can be true for any type.
/// </summary>
internal static class EventTypeInference
{
    /// <summary>Returns the codes for which <paramref name="expr"/> can be true (length = catalog code count).</summary>
    public static bool[] Infer(BoundExpr expr, FieldCatalog catalog)
    {
        int n = catalog.EventTypeCodeCount;
        return Visit(expr, catalog, n).True;
    }

    private static (bool[] True, bool[] False) Visit(BoundExpr expr, FieldCatalog catalog, int n)
    {
        switch (expr)
        {
            case BoundConstant c:
                return c.Value ? (All(n), None(n)) : (None(n), All(n));
            case BoundNot not:
            {
                var (t, f) = Visit(not.Operand, catalog, n);
                return (f, t);
            }
            case BoundAnd and:
            {
                bool[] t = All(n), f = None(n);
                foreach (BoundExpr o in and.Operands)
                {
                    var (ot, of) = Visit(o, catalog, n);
                    for (int i = 0; i < n; i++)
                    {
                        t[i] &= ot[i];
                        f[i] |= of[i];
                    }
                }
                return (t, f);
            }
            case BoundOr or:
            {
                bool[] t = None(n), f = All(n);
                foreach (BoundExpr o in or.Operands)
                {
                    var (ot, of) = Visit(o, catalog, n);
                    for (int i = 0; i < n; i++)
                    {
                        t[i] |= ot[i];
                        f[i] &= of[i];
                    }
                }
                return (t, f);
            }
            case BoundCheck check:
                return VisitCheck(check, catalog, n);
            default:
                return (All(n), All(n));
        }
    }

    private static (bool[], bool[]) VisitCheck(BoundCheck check, FieldCatalog catalog, int n)
    {
        BoundField left = check.Left;
        if (check.RightField is null && left.Transformers.Count == 0)
        {
            if (left.Descriptor.Has(FieldFlags.EventType) && check.Modifier == ListModifier.None && check.Operator is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects)
            {
                bool[] set = None(n);
                foreach (byte[] value in check.Values.Cast<byte[]>())
                {
                    if (catalog.EventTypes.TryGetValue(System.Text.Encoding.UTF8.GetString(value), out ushort[]? codes))
                    {
                        foreach (ushort code in codes)
                            set[code] = true;
                    }
                }
                bool[] complement = set.Select(b => !b).ToArray();
                return check.Operator == CheckOperator.NotEqual ? (complement, set) : (set, complement);
            }
            if (ConstantEventNumberCheck(check) is bool constant)
                return constant ? (All(n), None(n)) : (None(n), All(n));
        }
        return (All(n), All(n));
    }

    /// <summary>
    /// The value of an `evt.num` check that does not depend on the event (evt.num starts at 1: `= 0` and
    /// `&lt; 1` never hold; `!= 0`, `&gt; 0`, `&gt;= 1` always hold), or null for any other check.
    /// </summary>
    public static bool? ConstantEventNumberCheck(BoundCheck check)
    {
        if (!check.Left.Descriptor.Has(FieldFlags.EventNumber) || check.RightField is not null || check.Left.Transformers.Count > 0
            || check.Values.Count != 1 || check.Values[0] is not ulong number)
            return null;
        bool never = (check.Operator == CheckOperator.Equal && number == 0) || (check.Operator == CheckOperator.Less && number <= 1)
            || (check.Operator == CheckOperator.LessOrEqual && number == 0);
        bool always = (check.Operator == CheckOperator.NotEqual && number == 0) || (check.Operator == CheckOperator.Greater && number == 0)
            || (check.Operator == CheckOperator.GreaterOrEqual && number <= 1);
        return never ? false : always ? true : null;
    }

    private static bool[] All(int n)
    {
        var a = new bool[n];
        Array.Fill(a, true);
        return a;
    }

    private static bool[] None(int n) => new bool[n];
}
