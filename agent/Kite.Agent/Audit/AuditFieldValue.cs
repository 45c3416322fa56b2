using System.Text;

namespace Kite.Agent.Audit;

/// <summary>
/// The extracted value of one audit field for one event: missing, one text value, or a list of
/// text values. Texts are kept as strings (for tests and tooling) and as UTF-8 (for the engine).
/// </summary>
internal sealed class AuditFieldValue
{
    public static readonly AuditFieldValue Missing = new(null, null);

    private AuditFieldValue(string? text, string[]? items)
    {
        Text = text;
        Items = items;
        Utf8 = text is null ? null : Encoding.UTF8.GetBytes(text);
        ItemsUtf8 = items?.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>The single value, or null for a list or a missing value.</summary>
    public string? Text { get; }

    /// <summary>The values of a list (possibly empty), or null for a single or missing value.</summary>
    public string[]? Items { get; }

    public byte[]? Utf8 { get; }

    public byte[][]? ItemsUtf8 { get; }

    public bool IsMissing => Text is null && Items is null;

    public static AuditFieldValue Of(string? text) => text is null ? Missing : new AuditFieldValue(text, null);

    public static AuditFieldValue OfList(IReadOnlyList<string>? items) => items is null ? Missing : new AuditFieldValue(null, [.. items]);

    public override string ToString() => IsMissing ? "<NA>" : Text ?? "(" + string.Join(",", Items!) + ")";
}
