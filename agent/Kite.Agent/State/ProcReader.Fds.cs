using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Kite.Agent.State;

internal sealed partial class ProcReader
{
    private const int OCloexec = 0x80000; // 02000000 octal

    /// <summary>Seeds the fd table of a process from /proc/PID/fd (targets) and /proc/PID/fdinfo (flags).</summary>
    private void LoadFds(ThreadInfo leader, string dir, ThreadTable table)
    {
        var fds = leader.Fds;
        if (fds is null)
            return;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(dir + "/fd");
            foreach (string entry in entries)
            {
                if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
                    continue;
                string? target = ReadLink(entry);
                if (target is null)
                    continue;
                var info = fds.Add(fd, FdType.Unknown, table.Pool, table.Limits, table.Stats);
                if (info is null)
                    return;
                Describe(info, target, dir);
                if (ReadFile(dir + "/fdinfo/" + fd.ToString(CultureInfo.InvariantCulture)) is { } fdinfo)
                    ApplyFdInfo(info, fdinfo);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void ApplyFdInfo(FdInfo info, ReadOnlySpan<byte> fdinfo)
    {
        foreach (var range in fdinfo.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = fdinfo[range];
            if (!line.StartsWith("flags:"u8))
                continue;
            ReadOnlySpan<byte> octal = line[6..].Trim(" \t"u8);
            uint flags = 0;
            foreach (byte b in octal)
                flags = flags * 8 + (uint)(b - '0');
            info.OpenFlags = flags & ~(uint)OCloexec;
            info.CloseOnExec = (flags & OCloexec) != 0;
            return;
        }
    }

    /// <summary>Classifies an fd from its /proc link target (a path, socket:[ino], pipe:[ino], anon_inode:[kind]).</summary>
    private void Describe(FdInfo info, string target, string processDir)
    {
        if (target.StartsWith('/'))
        {
            if (target.StartsWith("/memfd:", StringComparison.Ordinal))
            {
                info.Type = FdType.Memfd;
                info.Name.Set(Encoding.UTF8.GetBytes(target.EndsWith(" (deleted)", StringComparison.Ordinal) ? target[..^10] : target));
                return;
            }
            info.Type = Directory.Exists(Root.Prefix + target) && !File.Exists(Root.Prefix + target) ? FdType.Directory : FdType.File;
            info.Name.Set(Encoding.UTF8.GetBytes(target));
            return;
        }
        if (TryBracketed(target, "socket:[", out ulong socketInode))
        {
            var sockets = SocketsOf(processDir);
            if (sockets is not null && sockets.TryDescribe(socketInode, info))
                return;
            info.Type = FdType.OtherSocket;
            info.Name.Set(Encoding.UTF8.GetBytes(target));
            return;
        }
        if (TryBracketed(target, "pipe:[", out ulong pipeInode))
        {
            info.Type = FdType.Pipe;
            info.Ino = pipeInode;
            info.Name.Set(Encoding.UTF8.GetBytes(target));
            return;
        }
        info.Type = target switch
        {
            "anon_inode:[eventfd]" => FdType.Event,
            "anon_inode:[eventpoll]" => FdType.EventPoll,
            "anon_inode:[signalfd]" => FdType.SignalFd,
            "anon_inode:inotify" => FdType.Inotify,
            "anon_inode:[timerfd]" => FdType.TimerFd,
            "anon_inode:[userfaultfd]" => FdType.UserFaultFd,
            "anon_inode:[io_uring]" => FdType.IoUring,
            "anon_inode:[pidfd]" => FdType.PidFd,
            _ when target.StartsWith("anon_inode:bpf", StringComparison.Ordinal) => FdType.Bpf,
            _ => FdType.Unknown,
        };
        info.Name.Set(Encoding.UTF8.GetBytes(target));
    }

    private static bool TryBracketed(string target, string prefix, out ulong inode)
    {
        inode = 0;
        return target.StartsWith(prefix, StringComparison.Ordinal) && target.EndsWith(']')
            && ulong.TryParse(target.AsSpan(prefix.Length, target.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }

    /// <summary>The socket table of the process's network namespace, parsed once per namespace per scan.</summary>
    private SocketInodeMap? SocketsOf(string processDir)
    {
        string netns = ReadLink(processDir + "/ns/net") ?? processDir;
        if (_socketsByNetns.TryGetValue(netns, out var map))
            return map;
        map = SocketInodeMap.Load(processDir + "/net");
        _socketsByNetns[netns] = map;
        return map;
    }

    /// <summary>Socket inode -> endpoints, from /proc/PID/net/{tcp,tcp6,udp,udp6,unix}.</summary>
    private sealed class SocketInodeMap
    {
        private readonly Dictionary<ulong, Entry> _byInode = new();
        private readonly HashSet<(bool V6, ushort Port)> _listening = new();

        private sealed record Entry(FdType Type, L4Protocol Protocol, byte[] Local, ushort LocalPort, byte[] Remote, ushort RemotePort, bool Listening, string? UnixPath);

        public static SocketInodeMap Load(string netDir)
        {
            var map = new SocketInodeMap();
            map.LoadIp(netDir + "/tcp", false, L4Protocol.Tcp);
            map.LoadIp(netDir + "/tcp6", true, L4Protocol.Tcp);
            map.LoadIp(netDir + "/udp", false, L4Protocol.Udp);
            map.LoadIp(netDir + "/udp6", true, L4Protocol.Udp);
            map.LoadUnix(netDir + "/unix");
            return map;
        }

        public bool TryDescribe(ulong inode, FdInfo info)
        {
            if (!_byInode.TryGetValue(inode, out var e))
                return false;
            info.Type = e.Type;
            info.Ino = inode;
            if (e.Type == FdType.Unix)
            {
                info.Name.Set(Encoding.UTF8.GetBytes(e.UnixPath ?? ""));
                return true;
            }
            info.L4Protocol = e.Protocol;
            e.Local.CopyTo(info.LocalAddress);
            e.Remote.CopyTo(info.RemoteAddress);
            info.LocalPort = e.LocalPort;
            info.RemotePort = e.RemotePort;
            // A listening socket, or an accepted one on a listening port, is the server end.
            info.IsServer = e.Listening || _listening.Contains((e.Type == FdType.Ipv6, e.LocalPort));
            info.Connected = !e.Listening && e.RemotePort != 0;
            SocketText.UpdateName(info);
            return true;
        }

        private void LoadIp(string path, bool v6, L4Protocol protocol)
        {
            byte[]? text = ReadFile(path);
            if (text is null)
                return;
            bool header = true;
            Span<Range> cols = stackalloc Range[12];
            foreach (var range in ((ReadOnlySpan<byte>)text).Split((byte)'\n'))
            {
                ReadOnlySpan<byte> line = ((ReadOnlySpan<byte>)text)[range];
                if (header)
                {
                    header = false;
                    continue;
                }
                // sl local rem st tx:rx tr:when retr uid timeout inode
                line = line.Trim((byte)' ');
                int n = SplitColumns(line, cols);
                if (n < 10)
                    continue;
                if (!TryParseEndpoint(line[cols[1]], v6, out var local, out ushort localPort)
                    || !TryParseEndpoint(line[cols[2]], v6, out var remote, out ushort remotePort)
                    || !Utf8Parser.TryParse(line[cols[9]], out ulong inode, out _))
                    continue;
                bool listening = protocol == L4Protocol.Tcp && line[cols[3]].SequenceEqual("0A"u8);
                if (listening)
                    _listening.Add((v6, localPort));
                _byInode[inode] = new Entry(v6 ? FdType.Ipv6 : FdType.Ipv4, protocol, local, localPort, remote, remotePort, listening, null);
            }
        }

        private void LoadUnix(string path)
        {
            byte[]? text = ReadFile(path);
            if (text is null)
                return;
            bool header = true;
            Span<Range> cols = stackalloc Range[9];
            foreach (var range in ((ReadOnlySpan<byte>)text).Split((byte)'\n'))
            {
                ReadOnlySpan<byte> line = ((ReadOnlySpan<byte>)text)[range];
                if (header)
                {
                    header = false;
                    continue;
                }
                int n = SplitColumns(line, cols);
                if (n < 7 || !Utf8Parser.TryParse(line[cols[6]], out ulong inode, out _))
                    continue;
                string? unixPath = n >= 8 ? Encoding.UTF8.GetString(line[cols[7]]) : null;
                _byInode[inode] = new Entry(FdType.Unix, L4Protocol.Unknown, [], 0, [], 0, false, unixPath);
            }
        }

        private static int SplitColumns(ReadOnlySpan<byte> line, Span<Range> cols)
        {
            int n = 0;
            foreach (var r in line.Split((byte)' '))
            {
                if (r.Start.Value == r.End.Value)
                    continue;
                if (n == cols.Length)
                    break;
                cols[n++] = r;
            }
            return n;
        }

        /// <summary>"0100007F:1F90": the address as the kernel's u32 words in host order, then the port in hex.</summary>
        private static bool TryParseEndpoint(ReadOnlySpan<byte> text, bool v6, out byte[] address, out ushort port)
        {
            address = new byte[16];
            port = 0;
            int colon = text.IndexOf((byte)':');
            int hexLength = v6 ? 32 : 8;
            if (colon != hexLength || !Utf8Parser.TryParse(text[(colon + 1)..], out port, out _, 'x'))
                return false;
            for (int word = 0; word < hexLength / 8; word++)
            {
                if (!Utf8Parser.TryParse(text.Slice(word * 8, 8), out uint value, out _, 'x'))
                    return false;
                BitConverter.TryWriteBytes(address.AsSpan(word * 4), value); // little-endian host order = network bytes
            }
            return true;
        }
    }
}
