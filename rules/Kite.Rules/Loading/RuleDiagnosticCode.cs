namespace Kite.Rules.Loading;

/// <summary>Falco's load-result codes (falco_load_result.h), errors first, then warnings.</summary>
public enum RuleDiagnosticCode
{
    // Errors.
    LOAD_ERR_FILE_READ,
    LOAD_ERR_YAML_PARSE,
    LOAD_ERR_YAML_VALIDATE,
    LOAD_ERR_COMPILE_CONDITION,
    LOAD_ERR_COMPILE_OUTPUT,
    LOAD_ERR_VALIDATE,
    LOAD_ERR_EXTENSION,

    // Warnings.
    LOAD_UNKNOWN_SOURCE,
    LOAD_UNSAFE_NA_CHECK,
    LOAD_NO_EVTTYPE,
    LOAD_UNKNOWN_FILTER,
    LOAD_UNUSED_MACRO,
    LOAD_UNUSED_LIST,
    LOAD_UNKNOWN_ITEM,
    LOAD_DEPRECATED_ITEM,
    LOAD_WARNING_EXTENSION,
    LOAD_APPEND_NO_VALUES,
    LOAD_EXCEPTION_NAME_NOT_UNIQUE,
    LOAD_INVALID_MACRO_NAME,
    LOAD_INVALID_LIST_NAME,
    LOAD_COMPILE_CONDITION,
    LOAD_UNKNOWN_KEY,
}

public static class RuleDiagnosticCodes
{
    public static bool IsError(this RuleDiagnosticCode code) => code <= RuleDiagnosticCode.LOAD_ERR_EXTENSION;
}
