using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
using Kite.Rules.Compilation.Nodes;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// Plans evaluator nodes for computed values (<see cref="BoundValue"/> trees: `join`, `concat`,
/// `getopt` and the transformers around them) and for the checks that use them. Every node gets its
/// scratch storage here, once, bounded by <see cref="ValueLimits"/>.
/// </summary>
internal static class ValueCompiler
{
    public static ValueNode<TSource> CompileValue<TSource>(BoundValue value)
        where TSource : IFieldSource, allows ref struct
    {
        switch (value)
        {
            case BoundFieldValue field:
                return new FieldValueNode<TSource>(field.Field.Descriptor.Id, field.Field.Argument, field.Field.ValueType, field.Shape == ValueShape.TextList);
            case BoundLiteralValue literal:
                return new LiteralValueNode<TSource>(literal.Utf8);
            case BoundUnaryValue unary:
            {
                ValueNode<TSource> operand = CompileValue<TSource>(unary.Operand);
                return unary.Kind switch
                {
                    TransformerKind.ToLower => new CaseValueNode<TSource>(operand, upper: false),
                    TransformerKind.ToUpper => new CaseValueNode<TSource>(operand, upper: true),
                    TransformerKind.Base64 => new Base64ValueNode<TSource>(operand),
                    TransformerKind.Basename => new BasenameValueNode<TSource>(operand),
                    _ => new LengthValueNode<TSource>(operand, list: unary.Operand.Shape == ValueShape.TextList),
                };
            }
            case BoundConcatValue concat:
                return new ConcatValueNode<TSource>([.. concat.Parts.Select(CompileValue<TSource>)]);
            case BoundJoinValue join:
                return new JoinValueNode<TSource>(
                    CompileValue<TSource>(join.Separator),
                    [.. join.Items.Select(CompileValue<TSource>)],
                    [.. join.Items.Select(i => i.Shape == ValueShape.TextList)]);
            case BoundGetoptValue getopt:
                return new GetoptValueNode<TSource>(
                    CompileValue<TSource>(getopt.Arguments),
                    getopt.Arguments.Shape == ValueShape.TextList,
                    CompileValue<TSource>(getopt.OptString),
                    getopt.Selector ?? -1);
            default:
                throw new InvalidOperationException($"unexpected bound value {value.GetType().Name}");
        }
    }

    public static ConditionNode<TSource> CompileCheck<TSource>(BoundValueCheck check)
        where TSource : IFieldSource, allows ref struct
    {
        ValueNode<TSource> left = CompileValue<TSource>(check.Left);
        CheckOperator op = check.Operator;
        if (op == CheckOperator.Exists)
            return new ValueExistsNode<TSource>(left, check.Left.Shape);
        if (check.RightValue is { } rightValue)
            return new ValueCompareNode<TSource>(left, check.Left.Shape, op, CompileValue<TSource>(rightValue), rightValue.Shape);
        switch (check.Left.Shape)
        {
            case ValueShape.Number:
                return new ValueNumberNode<TSource>(left, op, [.. check.Values.Cast<Int128>()]);
            case ValueShape.TextList:
            {
                // `in`: every value is in the set; `intersects`: some value is.
                TextMatcher matcher = ConditionCompiler.BuildTextMatcher(CheckOperator.In, ListModifier.None, [.. check.Values.Cast<byte[]>()]);
                return new ValueListNode<TSource>(left, matcher, op == CheckOperator.In ? FieldMode.All : FieldMode.Any);
            }
            default:
            {
                TextMatcher matcher = ConditionCompiler.BuildTextMatcher(op, check.Modifier, [.. check.Values.Cast<byte[]>()]);
                return new ValueTextNode<TSource>(left, matcher, negate: op == CheckOperator.NotEqual && check.Modifier == ListModifier.None);
            }
        }
    }
}
