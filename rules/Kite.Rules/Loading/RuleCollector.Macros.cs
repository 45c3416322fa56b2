using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Kite.Rules.Loading;

internal sealed partial class RuleCollector
{
    private void ReadMacro(Item item)
    {
        if (!item.TryScalar("macro", out string name, out _))
            return;
        item.Label = $"macro '{name}'";
        item.WarnUnknownKeys("macro", "condition", "append", "override");
        if (!ValidMacroName().IsMatch(name))
            item.Warning(item.LocationOf("macro"), RuleDiagnosticCode.LOAD_INVALID_MACRO_NAME, "Macro has an invalid name. Macro names should match a regular expression: ^[a-zA-Z]+[a-zA-Z0-9_]*$");
        if (!item.TryOptionalBool("append", out bool? appendFlag))
            return;
        bool append = appendFlag == true;
        if (append)
            item.Warning(item.LocationOf("append"), RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, "The 'append' key is deprecated; use 'override: {condition: append}'");
        if (item.Has("override"))
        {
            if (append)
            {
                item.Error(item.KeyLocation("override"), "Keys 'override' and 'append: true' cannot be used together.");
                return;
            }
            if (!item.TryOverride(out var ops, ["condition"], ["condition"]))
                return;
            append = ops.GetValueOrDefault("condition") == "append";
        }
        if (!item.TryScalar("condition", out _, out YamlNode conditionNode))
            return;
        ScalarOrigin condition = Origin((YamlScalarNode)conditionNode);

        int id = NextId();
        if (append)
        {
            if (!_macrosByName.TryGetValue(name, out MacroDefinition? existing))
            {
                item.Error(item.Location, "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
                return;
            }
            existing.Condition = existing.Condition.Append(condition);
            existing.Visibility = id;
            return;
        }
        if (_macrosByName.TryGetValue(name, out MacroDefinition? previous))
        {
            previous.Condition = new ConditionText(condition);
            previous.Visibility = id;
            previous.Location = item.Location;
            return;
        }
        var macro = new MacroDefinition { Name = name, Index = id, Visibility = id, Condition = new ConditionText(condition), Location = item.Location };
        _macrosByName.Add(name, macro);
        Macros.Add(macro);
    }

    [GeneratedRegex("^[a-zA-Z]+[a-zA-Z0-9_]*$")]
    private static partial Regex ValidMacroName();
}
