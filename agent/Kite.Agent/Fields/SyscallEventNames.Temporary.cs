namespace Kite.Agent.Fields;

// TEMPORARY: the probe engineer's generated table (agent/Kite.Agent/Events/EventTable.Generated.cs,
// from native/include/kite_events.h) is not on main yet. Until it lands, the syscall catalog uses
// this name list with provisional codes, and the parameter names below for `evt.arg.NAME`
// validation. Replace both with the generated table when it lands (the codes MUST then be the
// ones the probe reports in the event header, or rule indexing will route events to wrong buckets).
internal static class SyscallEventNames
{
    /// <summary>Event-type names the rules may reference, in provisional code order (code = index + 2; 0 unknown, 1 generic).</summary>
    public static readonly string[] Names =
    [
        // The 41 event types the upstream rule files reference (SPEC.md 4.1).
        "accept", "accept4", "bpf", "chmod", "connect", "creat", "dup", "dup2", "dup3", "execve", "execveat",
        "fchmod", "fchmodat", "finit_module", "init_module", "link", "linkat", "listen", "mkdir", "mkdirat",
        "open", "openat", "openat2", "ptrace", "recvfrom", "recvmsg", "rename", "renameat", "renameat2", "rmdir",
        "sendmsg", "sendto", "setns", "setuid", "socket", "symlink", "symlinkat", "unlink", "unlinkat", "unshare",
        "userfaultfd",
        // State-modifying events (SPEC.md 4.2) not already listed.
        "capset", "chdir", "chroot", "clone", "clone3", "close", "close_range", "epoll_create", "epoll_create1",
        "eventfd", "eventfd2", "fchdir", "fcntl", "fork", "getsockopt", "inotify_init", "inotify_init1",
        "io_uring_setup", "memfd_create", "mount", "open_by_handle_at", "pidfd_getfd", "pidfd_open", "pipe",
        "pipe2", "prctl", "procexit", "recvmmsg", "sendmmsg", "setgid", "setregid", "setresgid", "setresuid",
        "setreuid", "setsid", "setpgid", "shutdown", "signalfd", "signalfd4", "socketpair", "timerfd_create",
        "umount", "umount2", "vfork",
        // Other common syscalls user rules reference.
        "read", "write", "pread", "pwrite", "readv", "writev", "preadv", "pwritev", "sendfile", "kill", "tkill",
        "tgkill", "mprotect", "mmap", "munmap", "bind", "setgroups", "setfsuid", "setfsgid", "seccomp", "quotactl",
        "delete_module", "ioctl", "splice", "copy_file_range", "fchown", "fchownat", "chown", "lchown",
        "truncate", "ftruncate", "nanosleep", "futex", "poll", "select", "epoll_wait", "process_vm_readv",
        "process_vm_writev", "pivot_root", "keyctl", "add_key", "request_key", "perf_event_open", "setrlimit",
        "prlimit", "uselib", "personality", "mknod", "mknodat", "access", "faccessat", "stat", "lstat", "fstat",
        "getdents", "getdents64",
    ];

    /// <summary>Code of the generic event (a syscall without a dedicated decoder), as in kite_events.h.</summary>
    public const ushort Generic = 1;

    public static IReadOnlyDictionary<string, ushort[]> CodesByName()
    {
        var map = new Dictionary<string, ushort[]>(StringComparer.Ordinal);
        for (int i = 0; i < Names.Length; i++)
            map[Names[i]] = [(ushort)(i + 2)];
        return map;
    }

    /// <summary>
    /// Parameter names of the exit events (SPEC.md 4.1), with the type `evt.rawarg.NAME` compares as.
    /// `evt.arg.NAME` must name one of them (libs: `unknown event argument`).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Kite.Rules.Fields.FieldType> Parameters = BuildParameters();

    private static Dictionary<string, Kite.Rules.Fields.FieldType> BuildParameters()
    {
        const Kite.Rules.Fields.FieldType I = Kite.Rules.Fields.FieldType.Int64;
        const Kite.Rules.Fields.FieldType U = Kite.Rules.Fields.FieldType.UInt64;
        const Kite.Rules.Fields.FieldType S = Kite.Rules.Fields.FieldType.String;
        var p = new Dictionary<string, Kite.Rules.Fields.FieldType>(StringComparer.Ordinal);
        foreach (string n in new[] { "res", "fd", "dirfd", "olddirfd", "newdirfd", "linkdirfd", "olddir", "newdir", "oldfd", "newfd", "pid", "tid", "ptid", "pgid", "vpgid", "loginuid", "queuelen", "queuemax", "queuepct", "backlog", "fdlimit", "size", "length" })
            p[n] = I;
        foreach (string n in new[] { "flags", "mode", "uid", "gid", "dev", "ino", "cmd", "request", "domain", "type", "proto", "nstype", "resolve", "creat_flags", "tty", "cap_inheritable", "cap_permitted", "cap_effective", "exe_ino", "exe_ino_ctime", "exe_ino_mtime", "pgft_maj", "pgft_min", "vm_size", "vm_rss", "vm_swap", "addr", "data_len" })
            p[n] = U;
        foreach (string n in new[] { "name", "path", "filename", "oldpath", "newpath", "target", "linkpath", "exe", "args", "cwd", "comm", "cgroups", "env", "trusted_exepath", "tuple", "data", "msgcontrol", "uargs", "img" })
            p[n] = S;
        return p;
    }
}
