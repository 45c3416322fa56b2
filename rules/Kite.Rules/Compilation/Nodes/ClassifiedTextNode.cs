using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>
/// An equality or membership check on a classified text field: the field's class for this event (looked up once,
/// shared with every other check on the field) indexes a table of which classes make this check true.
/// A missing value is false, even for `!=`.
/// </summary>
internal sealed class ClassifiedTextNode<TSource>(TextClassifier classifier, bool[] accepts) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly TextClassifier _classifier = classifier;
    private readonly bool[] _accepts = accepts;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source)
    {
        int cls = _classifier.Classify(ref source);
        return cls >= 0 && _accepts[cls];
    }
}
