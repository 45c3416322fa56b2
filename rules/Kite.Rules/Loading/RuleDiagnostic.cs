namespace Kite.Rules.Loading;

/// <summary>
/// One load error or warning: where (file:line:column), which item (`rule 'X'`, `macro 'Y'`), why
/// (one line), and Falco's code.
/// </summary>
public sealed record RuleDiagnostic(RuleDiagnosticCode Code, SourceLocation Location, string? Item, string Message)
{
    public bool IsError => Code.IsError();

    /// <summary>`file:line:col: error: rule 'X': message [LOAD_ERR_...]`, the format compilers use.</summary>
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")}: {(Item is null ? "" : Item + ": ")}{Message} [{Code}]";
}
