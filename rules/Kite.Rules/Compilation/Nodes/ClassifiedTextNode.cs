using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>
/// An equality or membership check on a classified text field, or its negation: the field's class for this
/// event (looked up once, shared with every other check on the field) indexes a table of which classes make
/// the check true. A missing value makes the check false (even `!=`) and its negation true.
/// </summary>
internal sealed class ClassifiedTextNode<TSource>(TextClassifier classifier, bool[] accepts, bool acceptsMissing, int cost) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly TextClassifier _classifier = classifier;
    private readonly bool[] _accepts = accepts;
    private readonly bool _acceptsMissing = acceptsMissing;
    private readonly int _cost = cost;

    internal override int Cost => _cost;

    /// <summary>The field's classifier.</summary>
    internal TextClassifier Classifier => _classifier;

    /// <summary>The result for a class of the field (-1: the value is missing).</summary>
    internal bool Accepts(int cls) => cls >= 0 ? _accepts[cls] : _acceptsMissing;

    /// <summary>True for a check that holds for most values (a negated list, `!=`): a poor reason to skip a rule.</summary>
    internal bool IsExclusion => _acceptsMissing || _accepts[0];

    /// <summary>The check with the opposite result on every event.</summary>
    internal ClassifiedTextNode<TSource> Negate(int cost) => new(_classifier, [.. _accepts.Select(a => !a)], !_acceptsMissing, cost);

    /// <summary>True when either check is (both must classify the same field).</summary>
    internal ClassifiedTextNode<TSource>? Or(ClassifiedTextNode<TSource> other) =>
        ReferenceEquals(_classifier, other._classifier)
            ? new(_classifier, [.. _accepts.Select((a, i) => a || other._accepts[i])], _acceptsMissing || other._acceptsMissing, Math.Max(_cost, other._cost))
            : null;

    public override bool Evaluate(ref TSource source)
    {
        int cls = _classifier.Classify(ref source);
        return cls >= 0 ? _accepts[cls] : _acceptsMissing;
    }
}
