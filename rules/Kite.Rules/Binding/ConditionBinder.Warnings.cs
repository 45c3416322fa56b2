using Kite.Rules.Fields;
using Kite.Rules.Loading;
using Kite.Rules.Syntax;

namespace Kite.Rules.Binding;

/// <summary>
/// Non-fatal findings while binding (SPEC.md 1.12): `&lt;NA&gt;` compared with a `ka.*`/`jevt.*` field
/// (LOAD_UNSAFE_NA_CHECK), deprecated fields (LOAD_DEPRECATED_ITEM), and Falco's filter-compiler hints
/// (LOAD_COMPILE_CONDITION): a regex that a plain operator can replace, a field name or a transformer
/// written as a constant string. Each is located where it is written, in the rule or the macro.
/// </summary>
internal sealed partial class ConditionBinder
{
    private static readonly string[] s_unsafeNaFieldPrefixes = ["ka.", "jevt."];

    /// <summary>One finding: the condition (rule or macro) and offset where it is written.</summary>
    public sealed record Warning(ParsedCondition Condition, int Offset, RuleDiagnosticCode Code, string Message);

    /// <summary>
    /// Findings since the caller last cleared the list. A macro is bound once and cached, so a finding
    /// inside a macro is reported once, for the macro, whichever rules use it.
    /// </summary>
    public List<Warning> Warnings { get; } = [];

    private void Warn(ParsedCondition context, int offset, RuleDiagnosticCode code, string message) =>
        Warnings.Add(new Warning(context, offset, code, message));

    /// <summary>`ka.*` and `jevt.*` fields: their plugins once rendered a missing value as the string `&lt;NA&gt;`.</summary>
    private static bool IsUnsafeNaField(FieldDescriptor field)
    {
        foreach (string prefix in s_unsafeNaFieldPrefixes)
        {
            if (field.Name.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <param name="unsafeNaField">The left side as written when it reads a `ka.*`/`jevt.*` field, else null.</param>
    private void CheckLiteralHints(string? unsafeNaField, CheckOperator op, IReadOnlyList<ValueOperand> literals, ParsedCondition context)
    {
        bool equality = op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects or CheckOperator.PMatch;
        foreach (ValueOperand literal in literals)
        {
            string value = literal.Value;
            if (unsafeNaField is not null && equality && value == "<NA>")
            {
                Warn(context, literal.Start, RuleDiagnosticCode.LOAD_UNSAFE_NA_CHECK,
                    $"unsafe comparison of '{unsafeNaField}' with <NA>: a missing value is not the string <NA> (every check on it is false); use '{unsafeNaField} exists' to test whether it is set");
            }
            if (op == CheckOperator.Regex && RegexIsPlainText(value))
            {
                Warn(context, literal.Start, RuleDiagnosticCode.LOAD_COMPILE_CONDITION,
                    $"regex '{value}' uses no regular-expression syntax: '=', 'contains', 'startswith' or 'endswith' does the same check faster");
            }
            string compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
            if (IsFieldReference(compact))
            {
                Warn(context, literal.Start, RuleDiagnosticCode.LOAD_COMPILE_CONDITION,
                    $"'{value}' is a field name used as a constant string; to compare with the field's value write val({compact})");
            }
            else if (IsTransformerText(compact))
            {
                Warn(context, literal.Start, RuleDiagnosticCode.LOAD_COMPILE_CONDITION,
                    $"'{value}' is a transformer written as a constant string; without quotes it would be applied");
            }
        }
    }

    // Anchors, and `.*`/`.+`/`.?` at either end, are what `=`, `startswith`, `endswith` and `contains` express.
    private static bool RegexIsPlainText(string pattern)
    {
        int start = 0, end = pattern.Length;
        if (start < end && pattern[start] == '^')
            start++;
        if (end > start && pattern[end - 1] == '$' && (end - 2 < start || pattern[end - 2] != '\\'))
            end--;
        if (end - start >= 2 && pattern[start] == '.' && pattern[start + 1] is '*' or '+' or '?')
            start += 2;
        if (end - start >= 2 && pattern[end - 2] == '.' && pattern[end - 1] is '*' or '+' or '?')
            end -= 2;
        for (int i = start; i < end; i++)
        {
            if (".+*?^$()[]{}|\\".Contains(pattern[i]))
                return false;
        }
        return true;
    }

    // `proc.pname`, `proc.aname[2]`: a whole field reference that resolves in this source's catalog.
    private bool IsFieldReference(string text)
    {
        int p = 0;
        int segments = 0;
        while (true)
        {
            if (p >= text.Length || !char.IsAsciiLetter(text[p]))
                return false;
            while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '_'))
                p++;
            segments++;
            if (p < text.Length && text[p] == '.')
            {
                p++;
                continue;
            }
            break;
        }
        if (segments < 2)
            return false;
        string token = text[..p];
        string? bracket = null;
        if (p < text.Length)
        {
            if (text[p] != '[' || text[^1] != ']' || text.Length - p < 3)
                return false;
            bracket = text[(p + 1)..^1];
        }
        // Most dotted values are host or image names: rule them out before the full resolution (which suggests names on failure).
        if (!_catalog.TryResolveToken(token, out _, out _))
            return false;
        ResolveField(_catalog, token, bracket, out string? error, out _);
        return error is null;
    }

    // `tolower(proc.name)`: a transformer name, `(`, ..., `)`.
    private static bool IsTransformerText(string text)
    {
        if (text.Length < 3 || text[^1] != ')')
            return false;
        int open = text.IndexOf('(');
        if (open <= 0)
            return false;
        string name = text[..open];
        return name == "val" || Array.IndexOf(ConditionParser.TransformerNames, name) >= 0;
    }
}
