using Kite.Rules.Binding;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// Folds the checks whose value is known before an event arrives: `evt.num` checks that can never (or always)
/// hold, and, for a rule evaluated only for events of one type, its `evt.type` checks. Upstream rules repeat
/// `evt.type in (...)` (from macros such as `open_read` or `spawned_process`) and `not never_true` in almost every
/// condition: in a bucket that already guarantees the type, those are constants.
/// </summary>
internal static class ConditionSpecializer
{
    /// <summary>Folds `evt.num` constants only: the condition as evaluated for any event type.</summary>
    public const int AnyEventType = -1;

    /// <summary>
    /// The condition with constant checks folded for events of type <paramref name="eventType"/> (or
    /// <see cref="AnyEventType"/>), simplified; the same instance when nothing folds.
    /// </summary>
    public static BoundExpr Specialize(BoundExpr expr, FieldCatalog catalog, int eventType)
    {
        BoundExpr folded = Fold(expr, catalog, eventType);
        return ReferenceEquals(folded, expr) ? expr : ConditionBinder.Simplify(folded);
    }

    /// <summary>
    /// A key that is equal for two event types exactly when <see cref="Specialize"/> gives the same condition
    /// for both: the value at <paramref name="eventType"/> of every `evt.type` test in the condition.
    /// </summary>
    public static string Signature(IReadOnlyList<bool[]> eventTypeTests, int eventType)
    {
        var key = new char[eventTypeTests.Count];
        for (int i = 0; i < key.Length; i++)
            key[i] = eventTypeTests[i][eventType] ? '1' : '0';
        return new string(key);
    }

    /// <summary>The code tests of every `evt.type` check in the condition, in a stable order.</summary>
    public static List<bool[]> EventTypeTests(BoundExpr expr, FieldCatalog catalog)
    {
        var tests = new List<bool[]>();
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        Collect(expr);
        return tests;

        void Collect(BoundExpr e)
        {
            if (!seen.Add(e))
                return;
            switch (e)
            {
                case BoundNot not:
                    Collect(not.Operand);
                    break;
                case BoundAnd and:
                    foreach (BoundExpr o in and.Operands)
                        Collect(o);
                    break;
                case BoundOr or:
                    foreach (BoundExpr o in or.Operands)
                        Collect(o);
                    break;
                case BoundCheck check when ConditionCompiler.EventTypeTest(check, catalog, out _) is { } codes:
                    tests.Add(codes);
                    break;
            }
        }
    }

    private static BoundExpr Fold(BoundExpr expr, FieldCatalog catalog, int eventType)
    {
        switch (expr)
        {
            case BoundCheck check:
                if (EventTypeInference.ConstantEventNumberCheck(check) is bool always)
                    return always ? BoundConstant.True : BoundConstant.False;
                if (eventType != AnyEventType && ConditionCompiler.EventTypeTest(check, catalog, out _) is { } codes)
                    return codes[eventType] ? BoundConstant.True : BoundConstant.False;
                return check;
            case BoundNot not:
            {
                BoundExpr operand = Fold(not.Operand, catalog, eventType);
                return ReferenceEquals(operand, not.Operand) ? not : new BoundNot(operand);
            }
            case BoundAnd and:
                return FoldOperands(and.Operands, catalog, eventType) is { } andOperands ? new BoundAnd(andOperands) : and;
            case BoundOr or:
                return FoldOperands(or.Operands, catalog, eventType) is { } orOperands ? new BoundOr(orOperands) : or;
            default:
                return expr;
        }
    }

    // Null when no operand changed, so unchanged subtrees (shared macros) keep their identity.
    private static BoundExpr[]? FoldOperands(IReadOnlyList<BoundExpr> operands, FieldCatalog catalog, int eventType)
    {
        BoundExpr[]? folded = null;
        for (int i = 0; i < operands.Count; i++)
        {
            BoundExpr o = Fold(operands[i], catalog, eventType);
            if (folded is null && !ReferenceEquals(o, operands[i]))
            {
                folded = new BoundExpr[operands.Count];
                for (int j = 0; j < i; j++)
                    folded[j] = operands[j];
            }
            if (folded is not null)
                folded[i] = o;
        }
        return folded;
    }
}
