using YamlDotNet.RepresentationModel;

namespace Kite.Rules.Loading;

internal sealed partial class RuleCollector
{
    private static readonly string[] s_ruleKeys =
        ["rule", "condition", "output", "desc", "priority", "source", "enabled", "tags", "exceptions", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter", "append", "override"];

    private static readonly string[] s_appendable = ["condition", "output", "desc", "tags", "exceptions"];

    private static readonly string[] s_replaceable =
        ["condition", "output", "desc", "tags", "exceptions", "priority", "enabled", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter"];

    private void ReadRule(Item item)
    {
        if (!item.TryScalar("rule", out string name, out _))
            return;
        item.Label = $"rule '{name}'";
        item.WarnUnknownKeys(s_ruleKeys);
        if (!item.TryOptionalBool("append", out bool? appendFlag))
            return;
        bool append = appendFlag == true;
        if (append)
            item.Warning(item.LocationOf("append"), RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, "The 'append' key is deprecated; use 'override' with 'append' for the keys to extend");

        if (item.Has("override"))
        {
            if (append)
            {
                item.Error(item.KeyLocation("override"), "Keys 'override' and 'append: true' cannot be used together.");
                return;
            }
            if (item.TryOverride(out var ops, s_appendable, s_replaceable))
                OverrideRule(item, name, ops);
            return;
        }
        if (append)
        {
            AppendRule(item, name);
            return;
        }
        if (!item.Has("condition") && !item.Has("output") && !item.Has("desc") && !item.Has("priority"))
        {
            EnableRule(item, name);
            return;
        }
        DefineRule(item, name);
    }

    private void DefineRule(Item item, string name)
    {
        if (!item.TryScalar("condition", out _, out YamlNode conditionNode)
            || !item.TryScalar("output", out _, out YamlNode outputNode)
            || !item.TryScalar("desc", out string desc, out _)
            || !item.TryScalar("priority", out string priorityText, out YamlNode priorityNode))
            return;
        if (!PriorityNames.TryParse(priorityText, out Priority priority))
        {
            item.Error(Locate(priorityNode.Start), $"Invalid priority '{priorityText}'");
            return;
        }
        if (!item.TryOptionalScalar("source", out YamlScalarNode? sourceNode))
            return;
        string source = string.IsNullOrEmpty(sourceNode?.Value) ? "syscall" : sourceNode.Value;
        if (!ReadRuleFlags(item, out bool? enabled, out bool? warnEventTypes, out bool? skipUnknown, out bool? capture, out long? captureDuration)
            || !ReadTags(item, out SortedSet<string>? tags)
            || !ReadExceptions(item, out List<ExceptionDefinition>? exceptions))
            return;

        int id = NextId();
        var output = new ConditionText(Origin((YamlScalarNode)outputNode)).Trimmed();
        if (_rulesByName.TryGetValue(name, out RuleDefinition? previous))
        {
            if (previous.Source != source)
            {
                item.Error(item.Location, "Rule has been re-defined with a different source", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
                return;
            }
        }
        var rule = new RuleDefinition
        {
            Name = name,
            Index = previous?.Index ?? id,
            Visibility = id,
            Condition = new ConditionText(Origin((YamlScalarNode)conditionNode)),
            Output = output,
            Description = desc,
            Priority = priority,
            Source = source,
            Enabled = enabled ?? true,
            Tags = tags ?? new SortedSet<string>(StringComparer.Ordinal),
            Exceptions = exceptions ?? [],
            WarnEventTypes = warnEventTypes ?? true,
            SkipIfUnknownFilter = skipUnknown ?? false,
            Capture = capture ?? false,
            CaptureDuration = captureDuration ?? 0,
            Location = item.Location,
        };
        if (previous is null)
        {
            _rulesByName.Add(name, rule);
            Rules.Add(rule);
        }
        else
        {
            _rulesByName[name] = rule;
            Rules[Rules.IndexOf(previous)] = rule;
        }
    }

    private void AppendRule(Item item, string name)
    {
        foreach (string key in item.Keys)
        {
            if (key is not ("rule" or "append" or "condition" or "exceptions") && Array.IndexOf(s_ruleKeys, key) >= 0)
            {
                item.Error(item.KeyLocation(key), $"Key '{key}' cannot be appended to with 'append: true'; use 'override' instead");
                return;
            }
        }
        if (!item.Has("condition") && !item.Has("exceptions"))
        {
            item.Error(item.Location, "Appended rule must have exceptions or condition property");
            return;
        }
        if (!_rulesByName.TryGetValue(name, out RuleDefinition? rule))
        {
            item.Error(item.Location, "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
            return;
        }
        var ops = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.Has("condition"))
            ops["condition"] = "append";
        if (item.Has("exceptions"))
            ops["exceptions"] = "append";
        ApplyOverride(item, rule, ops);
    }

    private void EnableRule(Item item, string name)
    {
        if (!item.Has("enabled"))
        {
            item.Error(item.Location, "Item has no mapping for key 'condition'");
            return;
        }
        if (!item.TryOptionalBool("enabled", out bool? enabled))
            return;
        if (!_rulesByName.TryGetValue(name, out RuleDefinition? rule))
        {
            item.Error(item.Location, "Rule has 'enabled' key but no rule by that name already exists", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
            return;
        }
        item.Warning(item.LocationOf("enabled"), RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, "An item with only 'rule' and 'enabled' is deprecated; use 'override: {enabled: replace}'");
        rule.Enabled = enabled!.Value;
        rule.Visibility = NextId();
    }

    private void OverrideRule(Item item, string name, Dictionary<string, string> ops)
    {
        if (ops.Count == 0)
        {
            item.Error(item.KeyLocation("override"), "The 'override' mapping is empty");
            return;
        }
        if (!_rulesByName.TryGetValue(name, out RuleDefinition? rule))
        {
            var (key, op) = ops.First();
            item.Error(item.Location, op == "append"
                ? $"Rule uses 'append' or 'override.{key}: append' but no rule by that name already exists"
                : $"An 'override.{key}: replace' to a rule was requested but no rule by that name already exists", RuleDiagnosticCode.LOAD_ERR_VALIDATE);
            return;
        }
        ApplyOverride(item, rule, ops);
    }

    private void ApplyOverride(Item item, RuleDefinition rule, Dictionary<string, string> ops)
    {
        // Validate everything first, so a failing item changes nothing.
        if (!ReadRuleFlags(item, out bool? enabled, out bool? warnEventTypes, out bool? skipUnknown, out bool? capture, out long? captureDuration)
            || !ReadTags(item, out SortedSet<string>? tags)
            || !ReadExceptions(item, out List<ExceptionDefinition>? exceptions))
            return;
        Priority? priority = null;
        if (ops.ContainsKey("priority"))
        {
            if (!item.TryScalar("priority", out string text, out YamlNode node))
                return;
            if (!PriorityNames.TryParse(text, out Priority p))
            {
                item.Error(Locate(node.Start), $"Invalid priority '{text}'");
                return;
            }
            priority = p;
        }
        ScalarOrigin? condition = null, output = null;
        string? desc = null;
        if (ops.ContainsKey("condition"))
        {
            if (!item.TryScalar("condition", out _, out YamlNode node))
                return;
            condition = Origin((YamlScalarNode)node);
        }
        if (ops.ContainsKey("output"))
        {
            if (!item.TryScalar("output", out _, out YamlNode node))
                return;
            output = Origin((YamlScalarNode)node);
        }
        if (ops.ContainsKey("desc") && !item.TryScalar("desc", out desc, out _))
            return;
        if (ops.GetValueOrDefault("exceptions") == "append" && exceptions is not null && !CheckExceptionAppend(item, rule, exceptions))
            return;
        if (ops.GetValueOrDefault("exceptions") == "append" && exceptions is not null)
        {
            foreach (ExceptionDefinition e in exceptions.Where(e => !e.HasValues))
                item.Warning(e.Location, RuleDiagnosticCode.LOAD_APPEND_NO_VALUES, $"Exception '{e.Name}' is appended without values, so it adds nothing");
        }

        // Appends first, then replaces (SPEC.md 1.9).
        foreach (string pass in new[] { "append", "replace" })
        {
            foreach (var (key, op) in ops)
            {
                if (op != pass)
                    continue;
                bool isAppend = op == "append";
                switch (key)
                {
                    case "condition":
                        rule.Condition = isAppend ? rule.Condition.Append(condition!) : new ConditionText(condition!);
                        break;
                    case "output":
                        rule.Output = (isAppend ? rule.Output.Append(output!) : new ConditionText(output!)).Trimmed();
                        break;
                    case "desc":
                        rule.Description = isAppend ? rule.Description + " " + desc : desc!;
                        break;
                    case "tags":
                        if (isAppend)
                            rule.Tags.UnionWith(tags!);
                        else
                            rule.Tags = tags!;
                        break;
                    case "exceptions":
                        if (isAppend)
                            AppendExceptions(rule, exceptions!);
                        else
                            rule.Exceptions = exceptions!;
                        break;
                    case "priority":
                        rule.Priority = priority!.Value;
                        break;
                    case "enabled":
                        rule.Enabled = enabled!.Value;
                        break;
                    case "capture":
                        rule.Capture = capture!.Value;
                        break;
                    case "capture_duration":
                        rule.CaptureDuration = captureDuration!.Value;
                        break;
                    case "warn_evttypes":
                        rule.WarnEventTypes = warnEventTypes!.Value;
                        break;
                    case "skip-if-unknown-filter":
                        rule.SkipIfUnknownFilter = skipUnknown!.Value;
                        break;
                }
            }
        }
        rule.Visibility = NextId();
    }

    private bool CheckExceptionAppend(Item item, RuleDefinition rule, List<ExceptionDefinition> added)
    {
        foreach (ExceptionDefinition e in added)
        {
            ExceptionDefinition? existing = rule.Exceptions.Find(x => x.Name == e.Name);
            if (existing is null)
            {
                if (e.Fields is null)
                {
                    item.Error(e.Location, $"Rule exception '{e.Name}' is new and must have 'fields' and 'values'");
                    return false;
                }
            }
            else if (e.Fields is not null || e.Comps is not null)
            {
                item.Error(e.Location, $"Can not append exception fields or comps to existing exception '{e.Name}', only values");
                return false;
            }
        }
        return true;
    }

    private static void AppendExceptions(RuleDefinition rule, List<ExceptionDefinition> added)
    {
        foreach (ExceptionDefinition e in added)
        {
            ExceptionDefinition? existing = rule.Exceptions.Find(x => x.Name == e.Name);
            if (existing is null)
                rule.Exceptions.Add(e);
            else
                existing.Values.AddRange(e.Values);
        }
    }

    private bool ReadRuleFlags(Item item, out bool? enabled, out bool? warnEventTypes, out bool? skipUnknown, out bool? capture, out long? captureDuration)
    {
        warnEventTypes = skipUnknown = capture = null;
        captureDuration = null;
        if (!item.TryOptionalBool("enabled", out enabled) || !item.TryOptionalBool("warn_evttypes", out warnEventTypes)
            || !item.TryOptionalBool("skip-if-unknown-filter", out skipUnknown) || !item.TryOptionalBool("capture", out capture)
            || !item.TryOptionalScalar("capture_duration", out YamlScalarNode? duration))
            return false;
        if (duration is not null)
        {
            if (!long.TryParse(duration.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long ms))
            {
                item.Error(Locate(duration.Start), $"Value for key 'capture_duration' is not an integer: '{duration.Value}'");
                return false;
            }
            captureDuration = ms;
        }
        return true;
    }

    private static bool ReadTags(Item item, out SortedSet<string>? tags)
    {
        tags = null;
        if (!item.Has("tags"))
            return true;
        if (!item.TryScalarSequence("tags", out List<string>? list))
            return false;
        tags = new SortedSet<string>(list, StringComparer.Ordinal);
        return true;
    }

    private bool ReadExceptions(Item item, out List<ExceptionDefinition>? exceptions)
    {
        exceptions = null;
        if (!item.Has("exceptions"))
            return true;
        if (!item.TrySequence("exceptions", out YamlSequenceNode? sequence, "Rule exceptions must be a sequence"))
            return false;
        exceptions = [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlNode node in sequence.Children)
        {
            if (node is not YamlMappingNode map)
            {
                item.Error(Locate(node.Start), "Rule exception must be a mapping");
                return false;
            }
            var keys = map.Children.Where(p => p.Key is YamlScalarNode { Value: not null })
                .GroupBy(p => ((YamlScalarNode)p.Key).Value!)
                .ToDictionary(g => g.Key, g => (g.First().Key, g.First().Value), StringComparer.Ordinal);
            var e = new Item(this, map, keys) { Label = item.Label };
            e.WarnUnknownKeys("name", "fields", "comps", "values");
            if (!e.TryScalar("name", out string name, out YamlNode nameNode))
                return false;
            if (!names.Add(name))
                item.Warning(Locate(nameNode.Start), RuleDiagnosticCode.LOAD_EXCEPTION_NAME_NOT_UNIQUE, $"Multiple definitions of exception '{name}' in the same rule");
            var definition = new ExceptionDefinition { Name = name, Location = Locate(map.Start), Origin = Origin((YamlScalarNode)nameNode) };
            if (e.Node("fields") is { } fields && !IsNull(fields))
            {
                if (fields is YamlScalarNode scalarField)
                {
                    definition.Fields = [scalarField.Value ?? ""];
                    definition.FieldsIsScalar = true;
                }
                else if (!e.TryScalarSequence("fields", out List<string>? list))
                    return false;
                else
                    definition.Fields = list;
            }
            if (e.Node("comps") is { } comps && !IsNull(comps))
            {
                if (comps is YamlScalarNode scalarComp)
                    definition.Comps = [scalarComp.Value ?? ""];
                else if (!e.TryScalarSequence("comps", out List<string>? list))
                    return false;
                else
                    definition.Comps = list;
            }
            if (e.Node("values") is { } values && !IsNull(values))
            {
                definition.HasValues = true;
                if (values is not YamlSequenceNode valueSequence)
                {
                    item.Error(Locate(values.Start), "Rule exception values must be a sequence");
                    return false;
                }
                foreach (YamlNode value in valueSequence.Children)
                {
                    if (value is YamlScalarNode s)
                    {
                        definition.Values.Add(s.Value ?? "");
                        continue;
                    }
                    if (value is not YamlSequenceNode tuple)
                    {
                        item.Error(Locate(value.Start), "Rule exception value must be a scalar or a sequence");
                        return false;
                    }
                    var elements = new object[tuple.Children.Count];
                    for (int i = 0; i < elements.Length; i++)
                    {
                        switch (tuple.Children[i])
                        {
                            case YamlScalarNode element:
                                elements[i] = element.Value ?? "";
                                break;
                            case YamlSequenceNode inner when inner.Children.All(c => c is YamlScalarNode):
                                elements[i] = inner.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray();
                                break;
                            default:
                                item.Error(Locate(tuple.Children[i].Start), "Rule exception value element must be a scalar or a sequence of scalars");
                                return false;
                        }
                    }
                    definition.Values.Add(elements);
                }
            }
            exceptions.Add(definition);
        }
        return true;
    }
}
