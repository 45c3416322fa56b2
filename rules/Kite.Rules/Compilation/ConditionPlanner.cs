using Kite.Rules.Binding;
using Kite.Rules.Compilation.Nodes;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// Compiles every condition of a rule set into one graph of nodes. Equal sub-conditions (the same check,
/// or the same `and`/`or`/`not` of equal parts) become one node, whichever rule or macro they come from;
/// a node that one event's evaluation can reach along two or more edges (two rules of a bucket, or twice in
/// one rule) is wrapped in a <see cref="SharedNode{TSource}"/> that computes it once per event.
/// </summary>
/// <remarks>
/// Three steps, in order: <see cref="Intern"/> every condition, <see cref="MarkShared"/> each set of
/// conditions that one event evaluates together (a bucket), then <see cref="Node"/> builds the nodes. Building
/// also classifies the text fields that several `=`/`in` checks use (<see cref="TextClassifier"/>) and folds
/// `not` into a classified check.
/// </remarks>
internal sealed class ConditionPlanner<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldCatalog _catalog;
    private readonly Dictionary<BoundExpr, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BoundCheck, int> _checks = new(BoundCheckComparer.Instance);
    private readonly Dictionary<string, int> _composites = new(StringComparer.Ordinal);
    private readonly List<BoundExpr> _exprs = [];
    private readonly List<int[]> _children = [];
    private readonly HashSet<int> _shared = [];
    private readonly HashSet<string> _markedSets = new(StringComparer.Ordinal);
    private readonly Dictionary<BoundCheck, ConditionNode<TSource>> _classified = new(BoundCheckComparer.Instance);
    private ConditionNode<TSource>?[]? _nodes;
    private SharedResults? _results;
    private int _slots;

    public ConditionPlanner(FieldCatalog catalog) => _catalog = catalog;

    /// <summary>Number of nodes that remember their result per event.</summary>
    public int SharedCount => _slots;

    /// <summary>Number of text fields whose equality and membership checks share one lookup per event.</summary>
    public int ClassifierCount { get; private set; }

    /// <summary>The per-event results of the shared nodes and classifiers (ends the interning step).</summary>
    public SharedResults Results
    {
        get
        {
            if (_nodes is null)
                Prepare();
            return _results!;
        }
    }

    /// <summary>The id of <paramref name="expr"/>: equal for structurally equal conditions.</summary>
    public int Intern(BoundExpr expr)
    {
        if (_nodes is not null)
            throw new InvalidOperationException("the planner already built its nodes");
        if (_ids.TryGetValue(expr, out int id))
            return id;
        switch (expr)
        {
            case BoundCheck check:
                if (!_checks.TryGetValue(check, out id))
                {
                    id = Add(expr, []);
                    _checks.Add(check, id);
                }
                break;
            case BoundValueCheck:
                // A computed value (join, concat, getopt) is shared when the same instance (one macro) is reused.
                id = Add(expr, []);
                break;
            case BoundConstant constant:
                id = Composite(constant.Value ? "T" : "F", expr, []);
                break;
            case BoundNot not:
            {
                int operand = Intern(not.Operand);
                id = Composite("!" + operand, expr, [operand]);
                break;
            }
            case BoundAnd and:
                id = Composite('&', and.Operands, expr);
                break;
            case BoundOr or:
                id = Composite('|', or.Operands, expr);
                break;
            default:
                throw new InvalidOperationException($"unexpected bound node {expr.GetType().Name}");
        }
        _ids[expr] = id;
        return id;
    }

    /// <summary>True when the interned condition is the constant <paramref name="value"/>.</summary>
    public bool IsConstant(int id, bool value) => _exprs[id] is BoundConstant constant && constant.Value == value;

    /// <summary>
    /// Declares conditions that one event evaluates together (the rules of one event-type bucket):
    /// a sub-condition reachable along two or more of their edges is computed once per event.
    /// </summary>
    public void MarkShared(IReadOnlyList<int> roots)
    {
        if (_nodes is not null)
            throw new InvalidOperationException("the planner already built its nodes");
        if (roots.Count == 0 || !_markedSets.Add(string.Join(',', roots)))
            return;
        var edges = new Dictionary<int, int>();
        var visited = new HashSet<int>();
        var pending = new Stack<int>();
        foreach (int root in roots)
        {
            edges[root] = edges.GetValueOrDefault(root) + 1;
            pending.Push(root);
        }
        while (pending.Count > 0)
        {
            int id = pending.Pop();
            if (!visited.Add(id))
                continue;
            foreach (int child in _children[id])
            {
                edges[child] = edges.GetValueOrDefault(child) + 1;
                pending.Push(child);
            }
        }
        foreach (var (id, count) in edges)
        {
            if (count >= 2)
                _shared.Add(id);
        }
    }

    /// <summary>The evaluator node of an interned condition (built once, then the same instance).</summary>
    public ConditionNode<TSource> Node(int id)
    {
        if (_nodes is null)
            Prepare();
        if (_nodes![id] is { } built)
            return built;
        ConditionNode<TSource> node = _exprs[id] switch
        {
            BoundCheck check => _classified.GetValueOrDefault(check) ?? ConditionCompiler.CompileCheck<TSource>(check, _catalog),
            BoundValueCheck valueCheck => ValueCompiler.CompileCheck<TSource>(valueCheck),
            BoundConstant constant => new ConstantNode<TSource>(constant.Value),
            // `not proc.name in (...)`: one classified check with the opposite table, not two nodes.
            BoundNot => Node(_children[id][0]) is ClassifiedTextNode<TSource> classified
                ? classified.Negate(classified.Cost + NotNode<TSource>.ExtraCost)
                : new NotNode<TSource>(Node(_children[id][0])),
            BoundAnd => new AndNode<TSource>(ConditionCompiler.Order(_children[id].Select(Node))),
            BoundOr => new OrNode<TSource>(ConditionCompiler.Order(_children[id].Select(Node))),
            _ => throw new InvalidOperationException($"unexpected bound node {_exprs[id].GetType().Name}"),
        };
        // A constant, a bit test or a classified check costs no more than looking its result up.
        if (_shared.Contains(id) && node.Cost > 1 && node is not ClassifiedTextNode<TSource>)
            node = new SharedNode<TSource>(node, _results!, _slots++);
        _nodes[id] = node;
        return node;
    }

    /// <summary>
    /// The slot of a shared condition that must hold for <paramref name="root"/> to hold (the root itself,
    /// or the first shared operand of a root `and`), or <see cref="SharedResults.NoSlot"/>. When an earlier
    /// rule already found it false for this event, the bucket skips the rule without calling into it.
    /// </summary>
    public int GuardSlot(ConditionNode<TSource> root) => root switch
    {
        SharedNode<TSource> shared => shared.Slot,
        AndNode<TSource> conjunction => conjunction.Operands.OfType<SharedNode<TSource>>().FirstOrDefault()?.Slot ?? Results.NoSlot,
        _ => Results.NoSlot,
    };

    /// <summary>
    /// A selective classified check that must hold for <paramref name="root"/> to hold (the root itself, or the
    /// first such operand of a root `and`), or null. Testing it costs a table read once the field's class is known.
    /// </summary>
    public ClassifiedTextNode<TSource>? GuardCheck(ConditionNode<TSource> root) =>
        NecessaryCheck(root) is { IsExclusion: false } check ? check : null;

    // A classified check implied by the node: the node itself, one of an `and`'s operands, or for an `or` whose
    // every branch implies a check on the same field (`proc.name = find and ... or proc.name in (grep) and ...`),
    // their union.
    private static ClassifiedTextNode<TSource>? NecessaryCheck(ConditionNode<TSource> node)
    {
        switch (node)
        {
            case ClassifiedTextNode<TSource> classified:
                return classified;
            case SharedNode<TSource> shared:
                return NecessaryCheck(shared.Inner);
            case AndNode<TSource> conjunction:
                foreach (ConditionNode<TSource> operand in conjunction.Operands)
                {
                    if (NecessaryCheck(operand) is { IsExclusion: false } check)
                        return check;
                }
                return null;
            case OrNode<TSource> disjunction:
                ClassifiedTextNode<TSource>? union = null;
                foreach (ConditionNode<TSource> operand in disjunction.Operands)
                {
                    if (NecessaryCheck(operand) is not { } check)
                        return null;
                    union = union is null ? check : union.Or(check);
                    if (union is null)
                        return null;
                }
                return union;
            default:
                return null;
        }
    }

    private void Prepare()
    {
        List<BoundCheck[]> groups = TextClassifier.Group(_checks.Keys);
        _nodes = new ConditionNode<TSource>?[_exprs.Count];
        _results = new SharedResults(_shared.Count, groups.Count);
        for (int slot = 0; slot < groups.Count; slot++)
        {
            var (classifier, accepts) = TextClassifier.Build(groups[slot], _results, slot);
            for (int j = 0; j < groups[slot].Length; j++)
                _classified[groups[slot][j]] = new ClassifiedTextNode<TSource>(classifier, accepts[j], acceptsMissing: false, cost: 1);
        }
        ClassifierCount = groups.Count;
    }

    private int Composite(char kind, IReadOnlyList<BoundExpr> operands, BoundExpr expr)
    {
        int[] children = new int[operands.Count];
        for (int i = 0; i < children.Length; i++)
            children[i] = Intern(operands[i]);
        // `and`/`or` are commutative: the operands' order does not change the result (only the evaluation order, which the compiler chooses).
        int[] sorted = [.. children];
        Array.Sort(sorted);
        return Composite(kind + string.Join(',', sorted), expr, children);
    }

    private int Composite(string key, BoundExpr expr, int[] children)
    {
        if (!_composites.TryGetValue(key, out int id))
        {
            id = Add(expr, children);
            _composites.Add(key, id);
        }
        return id;
    }

    private int Add(BoundExpr expr, int[] children)
    {
        _exprs.Add(expr);
        _children.Add(children);
        return _exprs.Count - 1;
    }
}
