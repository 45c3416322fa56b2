namespace Kite.Agent.Events;

/// <summary>Why a record could not be decoded (<see cref="RawEvent.TryRead"/>); every value but Ok is counted and skipped.</summary>
internal enum RawEventStatus
{
    Ok = 0,
    /// <summary>Fewer bytes than the fixed header.</summary>
    TooShort,
    /// <summary>The header's len is smaller than the header or larger than the record the ring delivered.</summary>
    BadLength,
    /// <summary>nparams above KITE_MAX_PARAMS, or the length table does not fit.</summary>
    BadParamCount,
    /// <summary>The parameter lengths add up to more than the record holds.</summary>
    ParamsOverflow,
}
