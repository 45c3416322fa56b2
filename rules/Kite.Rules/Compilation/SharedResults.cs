namespace Kite.Rules.Compilation;

/// <summary>
/// What the rule set computed for the current event and keeps until the next one: the result of each shared
/// sub-condition (<see cref="Nodes.SharedNode{TSource}"/>) and the class of each classified field
/// (<see cref="TextClassifier"/>). An entry is valid when it carries the current generation; moving to the next
/// event bumps the generation instead of clearing anything, so it costs one add.
/// </summary>
/// <remarks>Single-threaded, like the rule set that owns it.</remarks>
internal sealed class SharedResults
{
    public SharedResults(int conditions, int classifiers)
    {
        Entries = new long[conditions + 1];
        ClassGenerations = new long[classifiers];
        Classes = new int[classifiers];
    }

    /// <summary>
    /// Per shared condition: the generation it was computed in, with the result in the low bit. The last
    /// entry is no node's and stays 0: <see cref="NoSlot"/>.
    /// </summary>
    public long[] Entries { get; }

    /// <summary>A slot that never holds a result, for "no shared condition" without a branch.</summary>
    public int NoSlot => Entries.Length - 1;

    /// <summary>Per classifier: the generation <see cref="Classes"/> was computed in.</summary>
    public long[] ClassGenerations { get; }

    /// <summary>Per classifier: the class of the field's value for the event of <see cref="ClassGenerations"/>.</summary>
    public int[] Classes { get; }

    /// <summary>The current event's generation: even, never 0 (fresh entries are 0), grows by 2 per event.</summary>
    public long Generation { get; private set; } = 2;

    /// <summary>Forgets every result: the next evaluation is for another event.</summary>
    public void NextEvent() => Generation += 2;
}
