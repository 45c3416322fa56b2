using System.Text.RegularExpressions;

namespace Kite.Rules.Loading;

internal sealed partial class RuleCollector
{
    private void ReadList(Item item)
    {
        if (!item.TryScalar("list", out string name, out _))
            return;
        item.Label = $"list '{name}'";
        item.WarnUnknownKeys("list", "items", "append", "override");
        if (!ValidListName().IsMatch(name))
            item.Warning(item.LocationOf("list"), RuleDiagnosticCode.LOAD_INVALID_LIST_NAME, "List has an invalid name. List names should match a regular expression: ^[^()\"'\\s=,]+$");
        if (!item.TryOptionalBool("append", out bool? appendFlag))
            return;
        bool append = appendFlag == true;
        if (append)
            item.Warning(item.LocationOf("append"), RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, "The 'append' key is deprecated; use 'override: {items: append}'");
        if (item.Has("override"))
        {
            if (append)
            {
                item.Error(item.KeyLocation("override"), "Keys 'override' and 'append: true' cannot be used together.");
                return;
            }
            if (!item.TryOverride(out var ops, ["items"], ["items"]))
                return;
            append = ops.GetValueOrDefault("items") == "append";
        }
        if (!item.TryScalarSequence("items", out List<string>? items))
            return;

        int id = NextId();
        if (append)
        {
            if (!_listsByName.TryGetValue(name, out ListDefinition? existing))
            {
                item.Error(item.Location, "List uses 'append' or 'override.items: append' but no list by that name already exists", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
                return;
            }
            existing.Items.AddRange(items);
            existing.Visibility = id;
            return;
        }
        if (_listsByName.TryGetValue(name, out ListDefinition? previous))
        {
            previous.Items = items;
            previous.Visibility = id;
            previous.Location = item.Location;
            return;
        }
        var list = new ListDefinition { Name = name, Index = id, Visibility = id, Items = items, Location = item.Location };
        _listsByName.Add(name, list);
        Lists.Add(list);
    }

    [GeneratedRegex("^[^()\"'\\s=,]+$")]
    private static partial Regex ValidListName();
}
