namespace Kite.Rules.Output;

/// <summary>One `output_fields` entry: the placeholder as written (without `%`, with its argument) and its typed value.</summary>
public readonly record struct OutputField(string Name, OutputValue Value);
