using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
using Kite.Rules.Compilation.Nodes;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// Plans evaluator nodes from a bound condition: picks a specialised node per field type, operator and
/// multiplicity; turns lists into hash sets (and prefix tries for `startswith`/`pmatch` lists); turns
/// `evt.type` checks into bit tests; orders `and`/`or` operands cheap-first.
/// </summary>
internal static class ConditionCompiler
{
    public static ConditionNode<TSource> Compile<TSource>(BoundExpr expr, FieldCatalog catalog)
        where TSource : IFieldSource, allows ref struct
    {
        switch (expr)
        {
            case BoundConstant c:
                return new ConstantNode<TSource>(c.Value);
            case BoundNot not:
                return new NotNode<TSource>(Compile<TSource>(not.Operand, catalog));
            case BoundAnd and:
                return new AndNode<TSource>(Order(and.Operands.Select(o => Compile<TSource>(o, catalog))));
            case BoundOr or:
                return new OrNode<TSource>(Order(or.Operands.Select(o => Compile<TSource>(o, catalog))));
            case BoundCheck check:
                return CompileCheck<TSource>(check, catalog);
            case BoundValueCheck valueCheck:
                return ValueCompiler.CompileCheck<TSource>(valueCheck);
            default:
                throw new InvalidOperationException($"unexpected bound node {expr.GetType().Name}");
        }
    }

    // Stable: equal costs keep the author's order.
    internal static ConditionNode<TSource>[] Order<TSource>(IEnumerable<ConditionNode<TSource>> nodes)
        where TSource : IFieldSource, allows ref struct =>
        nodes.Select((n, i) => (n, i)).OrderBy(p => p.n.Cost).ThenBy(p => p.i).Select(p => p.n).ToArray();

    internal static ConditionNode<TSource> CompileCheck<TSource>(BoundCheck check, FieldCatalog catalog)
        where TSource : IFieldSource, allows ref struct
    {
        BoundField left = check.Left;
        FieldId id = left.Descriptor.Id;
        FieldArgument argument = left.Argument;
        CheckOperator op = check.Operator;
        bool multi = left.Multiplicity != FieldMultiplicity.Single;

        if (op == CheckOperator.Exists)
            return new ExistsNode<TSource>(id, argument, left.ValueType, multi);

        if (check.RightField is not null)
            return new FieldCompareNode<TSource>(new FieldReader(left), op, new FieldReader(check.RightField));

        if (left.Transformers.Count > 0 && left.ResultType.IsInteger())
            return new NumberNode<TSource>(new FieldReader(left), op, check.Values.Select(v => (Int128)(ulong)v).ToArray());

        if (EventTypeTest(check, catalog, out bool outOfRange) is { } codes)
            return new EventTypeNode<TSource>(codes, outOfRange);

        if (left.Descriptor.Has(FieldFlags.HostName) && left.Transformers.Count == 0 && check.Modifier == ListModifier.None
            && op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects
            && catalog.AddressFieldOf(left.Descriptor) is { } addressField)
        {
            string[] names = [.. check.Values.Cast<byte[]>().Select(v => System.Text.Encoding.UTF8.GetString(v))];
            return new HostNameNode<TSource>(addressField.Id, catalog.HostNames.Track(names), op == CheckOperator.NotEqual);
        }

        FieldMode mode = left.Multiplicity == FieldMultiplicity.List && op == CheckOperator.In ? FieldMode.All : FieldMode.Any;
        // `!=` negates the `=` test, except with a list modifier, whose matcher applies `!=` to each element.
        bool notEqual = op == CheckOperator.NotEqual && check.Modifier == ListModifier.None;
        // SPEC.md 2.3: a candidate field holds `!=` when some candidate differs (`proc.aname`), a connection's
        // endpoints only when neither equals (`fd.ip`): the node then negates "some endpoint equals".
        bool noneEqual = notEqual && left.Descriptor.Has(FieldFlags.EitherEndpoint) && left.Multiplicity == FieldMultiplicity.Any;
        bool someDiffers = notEqual && left.Multiplicity == FieldMultiplicity.Any && !noneEqual;
        FieldType type = left.ResultType;

        if (type.IsText())
        {
            TextMatcher matcher = someDiffers
                ? new NotEqualsMatcher((byte[])check.Values[0])
                : BuildTextMatcher(op, check.Modifier, check.Values.Cast<byte[]>().ToArray());
            if (left.Transformers.Count > 0)
                return new TransformedTextNode<TSource>(id, argument, [.. left.Transformers], matcher, notEqual);
            return multi
                ? new MultiTextNode<TSource>(id, argument, matcher, mode, noneEqual)
                : TextNodeFactory.Create<TSource>(id, argument, matcher, notEqual);
        }
        switch (type)
        {
            case FieldType.Bool:
            {
                var values = check.Values.Cast<bool>().ToHashSet();
                bool acceptTrue = values.Contains(true) != notEqual, acceptFalse = values.Contains(false) != notEqual;
                return new BoolNode<TSource>(id, argument, acceptTrue, acceptFalse);
            }
            case FieldType.Int64:
            {
                var test = NumericTest(noneEqual ? CheckOperator.Equal : op, check.Values.Cast<long>().ToArray());
                return multi ? new MultiInt64Node<TSource>(id, argument, test, mode, noneEqual) : new Int64Node<TSource>(id, argument, test);
            }
            case FieldType.Double:
                return new DoubleNode<TSource>(id, argument, NumericTest(op, check.Values.Cast<double>().ToArray()));
            case FieldType.IPAddress or FieldType.IPNet:
            {
                var addresses = check.Values.OfType<NetAddress>().ToHashSet();
                var networks = check.Values.OfType<NetPrefix>().ToArray();
                var test = new AddressTest(addresses, networks, invert: someDiffers);
                return multi
                    ? new MultiAddressNode<TSource>(id, argument, test, mode, noneEqual)
                    : new AddressNode<TSource>(id, argument, test, notEqual);
            }
            default:
            {
                var test = NumericTest(noneEqual ? CheckOperator.Equal : op, check.Values.Cast<ulong>().ToArray());
                return multi ? new MultiUInt64Node<TSource>(id, argument, test, mode, noneEqual) : new UInt64Node<TSource>(id, argument, test);
            }
        }
    }

    /// <summary>
    /// For an `evt.type` check that compiles to a code test: whether it holds, per event-type code
    /// (<paramref name="outOfRange"/> for codes past the catalog's). Null for any other check.
    /// </summary>
    internal static bool[]? EventTypeTest(BoundCheck check, FieldCatalog catalog, out bool outOfRange)
    {
        BoundField left = check.Left;
        CheckOperator op = check.Operator;
        outOfRange = false;
        if (!left.Descriptor.Has(FieldFlags.EventType) || left.Transformers.Count > 0 || check.RightField is not null || catalog.EventTypeCodeCount == 0
            || check.Modifier != ListModifier.None
            || op is not (CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects))
            return null;
        var codes = new bool[catalog.EventTypeCodeCount];
        foreach (byte[] name in check.Values.Cast<byte[]>())
        {
            foreach (ushort code in catalog.EventTypes[System.Text.Encoding.UTF8.GetString(name)])
                codes[code] = true;
        }
        outOfRange = op == CheckOperator.NotEqual;
        if (outOfRange)
        {
            for (int i = 0; i < codes.Length; i++)
                codes[i] = !codes[i];
        }
        return codes;
    }

    private static NumericTest<T> NumericTest<T>(CheckOperator op, T[] values)
        where T : struct, IComparable<T>
    {
        if (op is CheckOperator.In or CheckOperator.Intersects || values.Length > 1)
            return new NumericTest<T>(op == CheckOperator.NotEqual ? CheckOperator.NotEqual : CheckOperator.In, default, [.. values]);
        return new NumericTest<T>(op, values[0], null);
    }

    internal static TextMatcher BuildTextMatcher(CheckOperator op, ListModifier modifier, byte[][] values)
    {
        if (modifier != ListModifier.None)
        {
            if (modifier == ListModifier.AnyOf && op == CheckOperator.StartsWith)
                return new PrefixSetMatcher(values);
            if (modifier == ListModifier.AnyOf && op == CheckOperator.Equal)
                return new SetMatcher(values);
            // Each element gets the operator itself, `!=` included: the node does not negate a modified check.
            return new ModifierMatcher([.. values.Select(v => op == CheckOperator.NotEqual ? new NotEqualsMatcher(v) : BuildTextMatcher(op, ListModifier.None, [v]))], modifier);
        }
        return op switch
        {
            CheckOperator.Equal or CheckOperator.NotEqual when values.Length == 1 => new EqualsMatcher(values[0]),
            CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects =>
                values.Length == 1 ? new EqualsMatcher(values[0]) : new SetMatcher(values),
            CheckOperator.Contains or CheckOperator.BContains => new ContainsMatcher(values[0]),
            CheckOperator.IContains => new IContainsMatcher(values[0]),
            CheckOperator.StartsWith or CheckOperator.BStartsWith => new StartsWithMatcher(values[0]),
            CheckOperator.EndsWith => new EndsWithMatcher(values[0]),
            CheckOperator.Glob => new GlobMatcher(values[0], ignoreCase: false),
            CheckOperator.IGlob => new GlobMatcher(values[0], ignoreCase: true),
            CheckOperator.Regex => new RegexMatcher(System.Text.Encoding.UTF8.GetString(values[0])),
            CheckOperator.PMatch => new PathPrefixMatcher(values),
            CheckOperator.Less or CheckOperator.LessOrEqual or CheckOperator.Greater or CheckOperator.GreaterOrEqual => new OrderMatcher(values[0], op),
            _ => throw new InvalidOperationException($"operator {op} has no text matcher"),
        };
    }
}
