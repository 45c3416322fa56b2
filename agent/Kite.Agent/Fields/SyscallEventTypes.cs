using Kite.Agent.Events;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

/// <summary>
/// Event-type names and codes, and event parameter names, of the syscall source, taken from the
/// probe's generated <see cref="EventTable"/>: the code of a name is its <see cref="EventType"/> value,
/// which is what <c>EventContext.EventType</c> reports, so rule indexing and capture agree.
/// </summary>
internal static class SyscallEventTypes
{
    /// <summary>Falco event names (`open`, `execve`, `procexit`) to their event-type codes.</summary>
    public static IReadOnlyDictionary<string, ushort[]> CodesByName()
    {
        var map = new Dictionary<string, ushort[]>(StringComparer.Ordinal);
        foreach (EventInfo info in EventTable.All)
        {
            if (info.Type is EventType.Unknown or EventType.Generic)
                continue;
            map[info.Name] = map.TryGetValue(info.Name, out ushort[]? codes) ? [.. codes, (ushort)info.Type] : [(ushort)info.Type];
        }
        return map;
    }

    /// <summary>
    /// Every parameter name of any event (what `evt.arg.NAME` may name; libs: `unknown event argument`),
    /// in ordinal order (a name's position is its <see cref="FieldArgument.Code"/>), with the type
    /// `evt.rawarg.NAME` compares as (the first event declaring the name decides).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, FieldType Type)> Parameters = BuildParameters();

    private static List<(string, FieldType)> BuildParameters()
    {
        var types = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        foreach (EventInfo info in EventTable.All)
        {
            foreach (ParamInfo p in info.Params)
                types.TryAdd(p.Name, RawType(p.Type));
        }
        return types.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
    }

    public static int IndexOfParameter(string name)
    {
        int lo = 0, hi = Parameters.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            int c = string.CompareOrdinal(Parameters[mid].Name, name);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }

    private static FieldType RawType(ParamType type) => type switch
    {
        ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno or ParamType.Fd or ParamType.Pid => FieldType.Int64,
        ParamType.AbsTime => FieldType.AbsTime,
        ParamType.RelTime => FieldType.RelTime,
        ParamType.ByteBuf => FieldType.Bytes,
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.SockAddr or ParamType.SockTuple or ParamType.CharBufArray => FieldType.String,
        _ => FieldType.UInt64,
    };
}
