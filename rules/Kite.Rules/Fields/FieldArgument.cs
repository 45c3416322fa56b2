namespace Kite.Rules.Fields;

/// <summary>
/// The argument of one field reference, resolved once at load time and passed to every
/// <see cref="IFieldSource"/> getter by <c>in</c> reference (no copy, no allocation).
/// </summary>
/// <remarks>
/// <see cref="Kind"/> says which members are meaningful: <see cref="FieldArgumentKind.None"/> for a
/// field written without argument, <see cref="FieldArgumentKind.Index"/> for `[N]` (<see cref="Index"/>),
/// <see cref="FieldArgumentKind.Key"/> for a key (<see cref="Text"/> / <see cref="Utf8"/>). For
/// <see cref="FieldArgumentKind.NameOrIndex"/> fields the catalog resolves the text
/// (<see cref="FieldCatalog.TryResolveArgument"/>) and may store its own integer in <see cref="Code"/>
/// (e.g. a parameter-name id), so the hot path never looks a name up by string.
/// </remarks>
public readonly struct FieldArgument
{
    public static readonly FieldArgument None = default;

    public FieldArgument(FieldArgumentKind kind, long index, string? text, int code = -1)
    {
        Kind = kind;
        Index = index;
        Text = text;
        Utf8 = text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);
        Code = code;
    }

    /// <summary>How the argument was written: none, an index, or a key/name.</summary>
    public FieldArgumentKind Kind { get; }

    /// <summary>The index for <see cref="FieldArgumentKind.Index"/> arguments (ancestor level, list element, parameter position).</summary>
    public long Index { get; }

    /// <summary>The argument as written (key, name, or the index's digits); null when there is none.</summary>
    public string? Text { get; }

    /// <summary><see cref="Text"/> encoded as UTF-8 once, for sources that compare keys as bytes.</summary>
    public byte[]? Utf8 { get; }

    /// <summary>A catalog-defined code (e.g. a parameter id for `evt.arg.NAME`); -1 when unused.</summary>
    public int Code { get; }

    public static FieldArgument FromIndex(long index) => new(FieldArgumentKind.Index, index, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static FieldArgument FromKey(string key, int code = -1) => new(FieldArgumentKind.Key, -1, key, code);

    public bool IsNone => Kind == FieldArgumentKind.None;

    public override string ToString() => Text ?? "";
}
