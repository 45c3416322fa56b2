using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// One text field that many rules compare for equality or list membership (`proc.name = sudo`,
/// `proc.name in (shell_binaries)`, `proc.name in (package_mgmt_binaries)`...): its value is read and looked
/// up once per event, which gives a class (the set of lists it belongs to), and each check becomes a table
/// read on that class (<see cref="Nodes.ClassifiedTextNode{TSource}"/>).
/// </summary>
/// <remarks>
/// Class 0 is "in none of the lists", -1 "the field is missing for this event". Classes are the distinct
/// combinations of lists a value belongs to, so a 100,000-item list costs one class, not one per item.
/// </remarks>
internal sealed class TextClassifier
{
    private readonly FieldId _id;
    private readonly FieldArgument _argument;
    private readonly Utf8Lookup _classes;
    private readonly SharedResults _results;
    private readonly long[] _generations;
    private readonly int[] _values;
    private readonly int _slot;

    private TextClassifier(BoundField field, Utf8Lookup classes, int classCount, SharedResults results, int slot)
    {
        ClassCount = classCount;
        _id = field.Descriptor.Id;
        _argument = field.Argument;
        _classes = classes;
        _results = results;
        _generations = results.ClassGenerations;
        _values = results.Classes;
        _slot = slot;
    }

    /// <summary>Number of classes (0 = in none of the lists, then one per combination of lists).</summary>
    public int ClassCount { get; }

    /// <summary>The class of the field's value for the current event (computed on first use).</summary>
    public int Classify<TSource>(ref TSource source)
        where TSource : IFieldSource, allows ref struct
    {
        long generation = _results.Generation;
        if (_generations[_slot] == generation)
            return _values[_slot];
        return ClassifyNow(ref source, generation);
    }

    // Out of line: callers inline the cached path above and stay small.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int ClassifyNow<TSource>(ref TSource source, long generation)
        where TSource : IFieldSource, allows ref struct
    {
        int found = source.TryGetString(_id, in _argument, out ReadOnlySpan<byte> value) ? Math.Max(_classes.Find(value), 0) : -1;
        _values[_slot] = found;
        _generations[_slot] = generation;
        return found;
    }

    /// <summary>
    /// True for a check <see cref="Build"/> can classify: `=`, `!=`, `in`, `intersects` against literals on a
    /// single-valued text field without transformers (the checks the compiler turns into an equality or set test).
    /// </summary>
    public static bool CanClassify(BoundCheck check) =>
        check.RightField is null && check.Modifier == ListModifier.None && check.Values.Count > 0
        && check.Operator is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects
        && check.Left.Transformers.Count == 0 && check.Left.Multiplicity == FieldMultiplicity.Single && check.Left.ResultType.IsText()
        && !check.Left.Descriptor.Has(FieldFlags.EventType) && !check.Left.Descriptor.Has(FieldFlags.HostName);

    /// <summary>
    /// The classifiable checks grouped by field reference, for each field that two or more distinct checks use
    /// with enough distinct values between them: comparing a handful of short constants (`fd.typechar = f`,
    /// `container.id != host`) costs less than hashing the value.
    /// </summary>
    public static List<BoundCheck[]> Group(IEnumerable<BoundCheck> checks) =>
        [.. checks.Where(CanClassify).GroupBy(c => FieldKey(c.Left)).Select(g => g.ToArray())
            .Where(g => g.Length >= 2 && g.SelectMany(c => c.Values.Cast<byte[]>()).Distinct(Matching.Utf8BytesComparer.Instance).Count() >= MinimumValues)];

    private const int MinimumValues = 8;

    /// <summary>
    /// The classifier of one group from <see cref="Group"/> (keeping its class in <paramref name="slot"/> of
    /// <paramref name="results"/>) and, per check of the group, which classes make it true.
    /// </summary>
    public static (TextClassifier Classifier, bool[][] Accepts) Build(BoundCheck[] checks, SharedResults results, int slot)
    {
        // Which checks list each value; values listed by the same checks share a class.
        var listedBy = new Dictionary<byte[], List<int>>(Utf8BytesComparer.Instance);
        for (int j = 0; j < checks.Length; j++)
        {
            foreach (byte[] value in checks[j].Values.Cast<byte[]>())
            {
                if (!listedBy.TryGetValue(value, out List<int>? lists))
                    listedBy[value] = lists = [];
                if (lists.Count == 0 || lists[^1] != j)
                    lists.Add(j);
            }
        }
        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var classLists = new List<List<int>> { new() };
        var entries = new List<(byte[], int)>(listedBy.Count);
        foreach (var (value, lists) in listedBy)
        {
            string combination = string.Join(',', lists);
            if (!classOf.TryGetValue(combination, out int cls))
            {
                classOf[combination] = cls = classLists.Count;
                classLists.Add(lists);
            }
            entries.Add((value, cls));
        }
        var classifier = new TextClassifier(checks[0].Left, new Utf8Lookup(entries), classLists.Count, results, slot);
        var accepts = new bool[checks.Length][];
        for (int j = 0; j < checks.Length; j++)
        {
            bool negate = checks[j].Operator == CheckOperator.NotEqual;
            accepts[j] = new bool[classLists.Count];
            for (int cls = 0; cls < classLists.Count; cls++)
                accepts[j][cls] = classLists[cls].Contains(j) != negate;
        }
        return (classifier, accepts);
    }

    private static (FieldDescriptor, FieldArgumentKind, long, string?, int) FieldKey(BoundField field) =>
        (field.Descriptor, field.Argument.Kind, field.Argument.Index, field.Argument.Text, field.Argument.Code);
}
