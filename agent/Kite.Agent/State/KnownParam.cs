namespace Kite.Agent.State;

/// <summary>Parameter names the state and field code looks up on many event types (see <see cref="ParamIndex.Of(Events.EventType, KnownParam)"/>).</summary>
internal enum KnownParam
{
    Fd,
    Res,
    Name,
    Path,
    Filename,
    Pathname,
    Flags,
    Mode,
    Dev,
    Ino,
    Tuple,
    Addr,
    Data,
    Dirfd,
    Oldpath,
    Newpath,
}

internal static class KnownParamNames
{
    public static string Get(KnownParam p) => p switch
    {
        KnownParam.Fd => "fd",
        KnownParam.Res => "res",
        KnownParam.Name => "name",
        KnownParam.Path => "path",
        KnownParam.Filename => "filename",
        KnownParam.Pathname => "pathname",
        KnownParam.Flags => "flags",
        KnownParam.Mode => "mode",
        KnownParam.Dev => "dev",
        KnownParam.Ino => "ino",
        KnownParam.Tuple => "tuple",
        KnownParam.Addr => "addr",
        KnownParam.Data => "data",
        KnownParam.Dirfd => "dirfd",
        KnownParam.Oldpath => "oldpath",
        KnownParam.Newpath => "newpath",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };
}
