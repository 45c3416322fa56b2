using Kite.Agent.Containers;
using Kite.Agent.Events;
using Kite.Agent.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

/// <summary>
/// The syscall source's <see cref="IFieldSource"/>: a view over one decoded event (<see cref="RawEvent"/>) and
/// the state the <see cref="StateUpdater"/> selected for it (thread, fd), extracting every field of
/// <see cref="SyscallFieldCatalog"/> without allocating. Text comes back as UTF-8 spans that point into the
/// ring, into state, or into the scratch buffer (valid until the next getter call).
/// </summary>
/// <remarks>
/// Build one per event after <see cref="StateUpdater.Apply"/>: <c>new EventContext(ev, scratch)</c>, then hand
/// it to the rule engine by generic <c>allows ref struct</c>. A getter returns false when the value is not
/// known for this event (no thread, no fd, parameter absent, container metadata not available).
/// </remarks>
internal readonly ref partial struct EventContext : IFieldSource
{
    private readonly RawEvent _event;
    private readonly EventContextScratch _scratch;
    private readonly ThreadInfo? _thread;
    private readonly FdInfo? _fd;
    private readonly EventType _type;

    public EventContext(RawEvent ev, EventContextScratch scratch)
    {
        _event = ev;
        _scratch = scratch;
        _thread = scratch.State.Thread;
        _fd = scratch.State.Fd;
        _type = (EventType)ev.TypeId;
    }

    /// <summary>The event type code (the generated table's numbering, which the catalog shares).</summary>
    public ushort EventType => _event.TypeId;

    public RawEvent Event => _event;

    public ThreadInfo? Thread => _thread;

    public FdInfo? Fd => _fd;

    private ThreadInfo? Process => _thread?.Process;

    private StateUpdater State => _scratch.State;

    private Span<byte> Buffer => _scratch.Buffer;

    public bool TryGetString(FieldId id, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        var field = (SyscallField)id.Value;
        return field switch
        {
            >= SyscallField.EvtType and <= SyscallField.EvtLatency => TryGetEvtString(field, argument, out value),
            >= SyscallField.ProcPid and <= SyscallField.ThreadCapInheritable => TryGetProcString(field, argument, out value),
            SyscallField.ProcAenv => TryGetProcString(field, argument, out value),
            >= SyscallField.UserUid and <= SyscallField.GroupName => TryGetUserString(field, out value),
            >= SyscallField.FdNum and <= SyscallField.FdIno => TryGetFdString(field, out value),
            >= SyscallField.ContainerId and <= SyscallField.K8sContainerName => ContainerFieldSource.TryGetString(Process?.Container, field, argument, out value),
            SyscallField.EvtLatencyHuman => TryGetEvtString(field, argument, out value),
            _ => Missing(out value),
        };
    }

    public bool TryGetInt64(FieldId id, in FieldArgument argument, out long value)
    {
        var field = (SyscallField)id.Value;
        switch (field)
        {
            case SyscallField.EvtRawRes:
                return TryGetRawRes(out value);
            case SyscallField.EvtRawArg:
                return TryGetRawArgInt64(argument, out value);
            case SyscallField.UserLoginUid:
                value = Process is { } p ? (p.LoginUid == uint.MaxValue ? -1 : p.LoginUid) : 0;
                return Process is not null;
            case >= SyscallField.ProcPid and <= SyscallField.ThreadVtid:
                return TryGetProcInt64(field, argument, out value);
            case SyscallField.FdNum:
                return TryGetFdNum(out value);
            default:
                value = 0;
                return false;
        }
    }

    public bool TryGetUInt64(FieldId id, in FieldArgument argument, out ulong value)
    {
        var field = (SyscallField)id.Value;
        switch (field)
        {
            case SyscallField.EvtNum:
                value = State.EventNumber;
                return true;
            case SyscallField.EvtTime or SyscallField.EvtTimeIso8601 or SyscallField.EvtRawTime:
                value = BootClock.ToEpoch(_event.Timestamp);
                return true;
            case SyscallField.EvtCpu:
                value = _event.Cpu;
                return true;
            // No entry timestamp with one event per completed syscall (the catalog says so).
            case SyscallField.EvtLatency or SyscallField.EvtLatencyS or SyscallField.EvtLatencyNs or SyscallField.EvtWaitLatency:
                value = 0;
                return true;
            case SyscallField.EvtRawArg:
                return TryGetRawArgUInt64(argument, out value);
            case >= SyscallField.ProcPid and <= SyscallField.ProcIsExeFromMemfd:
                return TryGetProcUInt64(field, out value);
            case SyscallField.ContainerStartTs:
                return ContainerFieldSource.TryGetUInt64(Process?.Container, field, out value);
            case SyscallField.UserUid:
                value = Process?.Uid ?? 0;
                return Process is not null;
            case SyscallField.GroupGid:
                value = Process?.Gid ?? 0;
                return Process is not null;
            case >= SyscallField.FdNum and <= SyscallField.FdIno:
                return TryGetFdUInt64(field, out value);
            default:
                value = 0;
                return false;
        }
    }

    public bool TryGetBool(FieldId id, in FieldArgument argument, out bool value)
    {
        var field = (SyscallField)id.Value;
        switch (field)
        {
            case SyscallField.EvtFailed:
                value = TryGetRawRes(out long res) && res < 0;
                return true;
            case SyscallField.EvtIsOpenRead or SyscallField.EvtIsOpenWrite or SyscallField.EvtIsOpenExec:
                value = IsOpen(field);
                return true;
            case SyscallField.ProcIsVpgidLeader:
                value = Process is { } p && p.Vpid == p.Vpgid;
                return Process is not null;
            case SyscallField.ProcIsExeWritable:
                return ExeFlag(0x1, out value);
            case SyscallField.ProcIsExeUpperLayer:
                return ExeFlag(0x2, out value);
            case SyscallField.ProcIsExeFromMemfd:
                return ExeFlag(0x4, out value);
            case SyscallField.FdIsServer:
                value = _fd is { } fs && fs.IsServer;
                return _fd is not null && _fd.IsSocket;
            case SyscallField.FdConnected:
                value = _fd is { } fc && fc.Connected;
                return _fd is not null && _fd.IsSocket;
            case SyscallField.ContainerPrivileged:
                return ContainerFieldSource.TryGetBool(Process?.Container, field, out value);
            case SyscallField.FdNameChanged:
                value = State.NameChanged;
                return _fd is not null;
            default:
                value = false;
                return false;
        }
    }

    public bool TryGetDouble(FieldId id, in FieldArgument argument, out double value)
    {
        value = 0;
        return false;
    }

    public bool TryGetAddress(FieldId id, in FieldArgument argument, out NetAddress value) =>
        TryGetFdAddress((SyscallField)id.Value, out value);

    public bool TryGetNextString(FieldId id, in FieldArgument argument, ref long cursor, out ReadOnlySpan<byte> value)
    {
        var field = (SyscallField)id.Value;
        if (field is >= SyscallField.ProcAname and <= SyscallField.ProcAcmdline or SyscallField.ProcAenv)
            return TryGetNextAncestorString(field, ref cursor, out value);
        if (cursor++ == 0)
            return TryGetString(id, argument, out value);
        value = default;
        return false;
    }

    public bool TryGetNextInt64(FieldId id, in FieldArgument argument, ref long cursor, out long value)
    {
        if ((SyscallField)id.Value == SyscallField.ProcApid)
        {
            // Ancestors from the parent up; cursor = the depth of the next one.
            long depth = cursor == 0 ? 1 : cursor;
            var ancestor = _thread is null || depth > ThreadTable.MaxAncestorDepth ? null : State.Threads.Ancestor(_thread, (int)depth);
            cursor = depth + 1;
            value = ancestor?.Pid ?? 0;
            return ancestor is not null;
        }
        if (cursor++ == 0)
            return TryGetInt64(id, argument, out value);
        value = 0;
        return false;
    }

    public bool TryGetNextUInt64(FieldId id, in FieldArgument argument, ref long cursor, out ulong value)
    {
        if ((SyscallField)id.Value == SyscallField.FdPort)
        {
            // Client port, then server port.
            value = 0;
            if (_fd is null || !_fd.IsIp || cursor > 1)
                return false;
            bool client = cursor++ == 0;
            value = client == !_fd.IsServer ? _fd.LocalPort : _fd.RemotePort;
            return true;
        }
        if (cursor++ == 0)
            return TryGetUInt64(id, argument, out value);
        value = 0;
        return false;
    }

    public bool TryGetNextAddress(FieldId id, in FieldArgument argument, ref long cursor, out NetAddress value)
    {
        var field = (SyscallField)id.Value;
        if (field is SyscallField.FdIp or SyscallField.FdNet)
        {
            // Client address, then server address.
            value = default;
            if (_fd is null || !_fd.IsIp || cursor > 1)
                return false;
            bool client = cursor++ == 0;
            return TryGetFdAddress(client ? SyscallField.FdCip : SyscallField.FdSip, out value);
        }
        if (cursor++ == 0)
            return TryGetAddress(id, argument, out value);
        value = default;
        return false;
    }

    private static bool Missing(out ReadOnlySpan<byte> value)
    {
        value = default;
        return false;
    }

    private bool ExeFlag(uint bit, out bool value)
    {
        value = Process is { } p && (p.ExeFlags & bit) != 0;
        return Process is not null;
    }
}
