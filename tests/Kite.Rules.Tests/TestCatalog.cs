using Kite.Rules.Fields;

namespace Kite.Rules.Tests;

/// <summary>A small source catalog for engine tests, independent of the agent's real catalogs.</summary>
internal static class TestCatalog
{
    public const int EvtType = 0, EvtNum = 1, ProcName = 2, ProcPid = 3, ProcAname = 4, FdName = 5, FdPort = 6, FdIp = 7,
        FdNet = 8, FdSip = 9, ProcTty = 10, EvtArg = 11, IsOpenRead = 12, Buffer = 13, Images = 14, EnvVar = 15, FdSnet = 16,
        UserUid = 17, ProcPname = 18, EvtTime = 19, ProcArgs = 20, KaUserName = 21, JevtValue = 22, EvtDir = 23, ProcExepath = 24,
        ProcApid = 25;

    public static readonly FieldCatalog Instance = new(
        "syscall",
        [
            new(EvtType, "evt.type", FieldType.String, "event type", FieldFlags.EventType),
            new(EvtNum, "evt.num", FieldType.UInt64, "event number", FieldFlags.EventNumber),
            new(ProcName, "proc.name", FieldType.String, "process name"),
            new(ProcPid, "proc.pid", FieldType.Int64, "process id"),
            new(ProcAname, "proc.aname", FieldType.String, "ancestor name", FieldFlags.ArgumentOptional | FieldFlags.NoRhs | FieldFlags.AnyValue, FieldArgumentKind.Index),
            new(FdName, "fd.name", FieldType.String, "fd name"),
            new(FdPort, "fd.port", FieldType.Port, "either port", FieldFlags.FilterOnly | FieldFlags.NoRhs | FieldFlags.AnyValue | FieldFlags.EitherEndpoint),
            new(FdIp, "fd.ip", FieldType.IPAddress, "either ip", FieldFlags.FilterOnly | FieldFlags.NoRhs | FieldFlags.AnyValue | FieldFlags.EitherEndpoint),
            new(FdNet, "fd.net", FieldType.IPNet, "either net", FieldFlags.FilterOnly | FieldFlags.NoRhs | FieldFlags.AnyValue | FieldFlags.EitherEndpoint),
            new(FdSip, "fd.sip", FieldType.IPAddress, "server ip"),
            new(ProcTty, "proc.tty", FieldType.UInt64, "tty"),
            new(EvtArg, "evt.arg", FieldType.String, "event argument", FieldFlags.ArgumentRequired, FieldArgumentKind.NameOrIndex),
            new(IsOpenRead, "evt.is_open_read", FieldType.Bool, "open for read"),
            new(Buffer, "evt.buffer", FieldType.Bytes, "buffer"),
            new(Images, "ka.images", FieldType.String, "list of images", FieldFlags.List | FieldFlags.ArgumentOptional, FieldArgumentKind.Index),
            new(EnvVar, "proc.env", FieldType.String, "environment", FieldFlags.ArgumentOptional, FieldArgumentKind.Key),
            new(FdSnet, "fd.snet", FieldType.IPNet, "server net", FieldFlags.FilterOnly | FieldFlags.NoRhs),
            new(UserUid, "user.uid", FieldType.UInt64, "uid"),
            new(ProcPname, "proc.pname", FieldType.String, "parent name"),
            new(EvtTime, "evt.time", FieldType.AbsTime, "time", display: FieldDisplay.TimeOfDay),
            new(ProcArgs, "proc.args", FieldType.String, "arguments, space-joined"),
            new(KaUserName, "ka.user.name", FieldType.String, "audit user name"),
            new(JevtValue, "jevt.value", FieldType.String, "json value at a pointer", FieldFlags.ArgumentRequired, FieldArgumentKind.Key),
            new(EvtDir, "evt.dir", FieldType.String, "event direction", FieldFlags.Deprecated),
            new(ProcExepath, "proc.exepath", FieldType.Path, "executable path"),
            new(ProcApid, "proc.apid", FieldType.Int64, "ancestor pid", FieldFlags.ArgumentOptional | FieldFlags.NoRhs | FieldFlags.AnyValue, FieldArgumentKind.Index),
        ],
        new Dictionary<string, ushort[]>
        {
            ["open"] = [1], ["openat"] = [2], ["execve"] = [3], ["connect"] = [4], ["read"] = [5], ["write"] = [6],
        },
        [new ProvidedPlugin("container", "0.4.1")],
        ["proc.pid"]);
}
