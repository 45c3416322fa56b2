namespace Kite.Rules.Binding;

/// <summary>The comparison operators of the condition language (SPEC.md 2.3).</summary>
public enum CheckOperator : byte
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    IContains,
    BContains,
    StartsWith,
    BStartsWith,
    EndsWith,
    Glob,
    IGlob,
    Regex,
    In,
    Intersects,
    PMatch,
    Exists,
}

/// <summary>`oneof`/`anyof`/`allof` after a string operator: apply it against each list element.</summary>
public enum ListModifier : byte
{
    None,
    OneOf,
    AnyOf,
    AllOf,
}

internal static class CheckOperators
{
    public static bool TryParse(string text, out CheckOperator op)
    {
        op = text switch
        {
            "=" or "==" => CheckOperator.Equal,
            "!=" => CheckOperator.NotEqual,
            "<" => CheckOperator.Less,
            "<=" => CheckOperator.LessOrEqual,
            ">" => CheckOperator.Greater,
            ">=" => CheckOperator.GreaterOrEqual,
            "contains" => CheckOperator.Contains,
            "icontains" => CheckOperator.IContains,
            "bcontains" => CheckOperator.BContains,
            "startswith" => CheckOperator.StartsWith,
            "bstartswith" => CheckOperator.BStartsWith,
            "endswith" => CheckOperator.EndsWith,
            "glob" => CheckOperator.Glob,
            "iglob" => CheckOperator.IGlob,
            "regex" => CheckOperator.Regex,
            "in" => CheckOperator.In,
            "intersects" => CheckOperator.Intersects,
            "pmatch" => CheckOperator.PMatch,
            "exists" => CheckOperator.Exists,
            _ => (CheckOperator)255,
        };
        return op != (CheckOperator)255;
    }

    public static string Text(this CheckOperator op) => op switch
    {
        CheckOperator.Equal => "=",
        CheckOperator.NotEqual => "!=",
        CheckOperator.Less => "<",
        CheckOperator.LessOrEqual => "<=",
        CheckOperator.Greater => ">",
        CheckOperator.GreaterOrEqual => ">=",
        CheckOperator.Contains => "contains",
        CheckOperator.IContains => "icontains",
        CheckOperator.BContains => "bcontains",
        CheckOperator.StartsWith => "startswith",
        CheckOperator.BStartsWith => "bstartswith",
        CheckOperator.EndsWith => "endswith",
        CheckOperator.Glob => "glob",
        CheckOperator.IGlob => "iglob",
        CheckOperator.Regex => "regex",
        CheckOperator.In => "in",
        CheckOperator.Intersects => "intersects",
        CheckOperator.PMatch => "pmatch",
        CheckOperator.Exists => "exists",
        _ => op.ToString(),
    };

    /// <summary>Operators whose right-hand side is a list.</summary>
    public static bool TakesList(this CheckOperator op) => op is CheckOperator.In or CheckOperator.Intersects or CheckOperator.PMatch;

    public static bool IsOrdering(this CheckOperator op) => op is CheckOperator.Less or CheckOperator.LessOrEqual or CheckOperator.Greater or CheckOperator.GreaterOrEqual;
}
