namespace Kite.Rules.Loading;

/// <summary>
/// One element of a rule's `exceptions`. <see cref="Values"/> holds, per value: a string (scalar
/// form), or an object[] tuple whose elements are string or string[] (tuple form).
/// </summary>
internal sealed class ExceptionDefinition
{
    public required string Name { get; init; }
    public List<string>? Fields { get; set; }
    public bool FieldsIsScalar { get; set; }
    public List<string>? Comps { get; set; }
    public List<object> Values { get; set; } = [];

    /// <summary>True when the item had a `values` key (possibly empty); an appended exception without one adds nothing.</summary>
    public bool HasValues { get; set; }
    public required SourceLocation Location { get; init; }
    public required ScalarOrigin Origin { get; init; }
}
