using System.Text;
using Kite.Rules.Binding;
using Kite.Rules.Fields;

namespace Kite.Rules.Loading;

/// <summary>
/// Validates a rule's `exceptions` and appends them to its condition text exactly as Falco rewrites
/// them (SPEC.md 1.8): `(C) and not (F OP (v1, v2))` for the scalar form, `(C) and not ((F1 OP1 V1 and
/// F2 OP2 V2) or (...))` for the tuple form. Lists named in values are then substituted like anywhere else.
/// </summary>
internal static class ExceptionCompiler
{
    public static bool TryAppend(RuleDefinition rule, FieldCatalog catalog, ref ConditionText condition, out List<string> fields, List<RuleDiagnostic> diagnostics)
    {
        fields = [];
        string item = $"rule '{rule.Name}'";
        var suffix = new StringBuilder();
        foreach (ExceptionDefinition e in rule.Exceptions)
        {
            if (e.Fields is null || e.Fields.Count == 0)
            {
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, e.Location, item, $"Rule exception '{e.Name}' has no 'fields'"));
                return false;
            }
            foreach (string field in e.Fields)
            {
                string token = field.Trim();
                int bracket = token.IndexOf('[');
                string? argument = null;
                if (bracket > 0 && token.EndsWith(']'))
                {
                    argument = token[(bracket + 1)..^1];
                    token = token[..bracket];
                }
                ConditionBinder.ResolveField(catalog, token, argument, out string? error, out _);
                if (error is not null)
                {
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item, $"Rule exception '{e.Name}': '{field}' is not a supported filter field"));
                    return false;
                }
                fields.Add(field.Trim());
            }
            List<string> comps;
            if (e.FieldsIsScalar)
            {
                string comp = (e.Comps is { Count: > 0 } ? e.Comps[0] : "in").Trim();
                if (!IsListOperator(comp))
                {
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item,
                        $"Rule exception '{e.Name}': comparison operator '{comp}' cannot be used with a single field; use in, pmatch, intersects or a string operator with oneof/anyof/allof"));
                    return false;
                }
                comps = [comp];
            }
            else
            {
                comps = e.Comps?.Select(c => c.Trim()).ToList() ?? e.Fields.Select(_ => "=").ToList();
                if (comps.Count != e.Fields.Count)
                {
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item, $"Rule exception '{e.Name}': Fields and comps lists must have equal length"));
                    return false;
                }
                foreach (string comp in comps)
                {
                    string op = comp.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                    if (!CheckOperators.TryParse(op, out _) || comp.Contains(' ') && !IsListOperator(comp))
                    {
                        diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item, $"Rule exception '{e.Name}': '{comp}' is not a valid comparison operator"));
                        return false;
                    }
                }
            }
            if (e.Values.Count == 0)
                continue;

            suffix.Append(" and not (");
            if (e.FieldsIsScalar)
            {
                var values = new List<string>();
                foreach (object v in e.Values)
                {
                    if (v is not string s)
                    {
                        diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item, $"Rule exception '{e.Name}': values of a single-field exception must be scalars"));
                        return false;
                    }
                    values.Add(Quote(s));
                }
                suffix.Append(e.Fields[0]).Append(' ').Append(comps[0]).Append(" (").Append(string.Join(", ", values)).Append("))");
                continue;
            }
            for (int t = 0; t < e.Values.Count; t++)
            {
                if (e.Values[t] is not object[] tuple || tuple.Length != e.Fields.Count)
                {
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, e.Location, item, $"Rule exception '{e.Name}': Fields and values lists must have equal length"));
                    return false;
                }
                suffix.Append(t == 0 ? "(" : " or (");
                for (int k = 0; k < tuple.Length; k++)
                {
                    if (k > 0)
                        suffix.Append(" and ");
                    string value = tuple[k] switch
                    {
                        string[] list => "(" + string.Join(", ", list.Select(Quote)) + ")",
                        string s when IsListOperator(comps[k]) && !s.StartsWith('(') => "(" + Quote(s) + ")",
                        string s => Quote(s),
                        _ => "",
                    };
                    suffix.Append(e.Fields[k]).Append(' ').Append(comps[k]).Append(' ').Append(value);
                }
                suffix.Append(')');
            }
            suffix.Append(')');
        }
        if (suffix.Length > 0)
        {
            // "(" + C + ")" + suffix: keep C's positions by wrapping through generated segments.
            condition = Wrap(rule.Condition, suffix.ToString(), rule.Exceptions[0].Origin);
        }
        return true;
    }

    private static ConditionText Wrap(ConditionText inner, string suffix, ScalarOrigin exceptionOrigin) =>
        inner.WrapInParentheses().AppendGenerated(suffix, exceptionOrigin);

    private static bool IsListOperator(string comp)
    {
        string[] words = comp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1)
            return words[0] is "in" or "pmatch" or "intersects";
        return words.Length == 2 && words[1] is "oneof" or "anyof" or "allof" && CheckOperators.TryParse(words[0], out CheckOperator op) && !op.TakesList();
    }

    private static string Quote(string value) =>
        value.Contains(' ') && !(value.StartsWith('"') || value.StartsWith('\'')) ? "\"" + value + "\"" : value;
}
