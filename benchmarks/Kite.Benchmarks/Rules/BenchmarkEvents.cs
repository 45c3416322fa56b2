using Kite.Agent.Fields;
using Kite.Rules.Fields.Synthetic;

namespace Kite.Benchmarks.Rules;

internal static class BenchmarkEvents
{
    public static SyntheticEvent[] Benign() =>
    [
        Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/usr/lib/x86_64-linux-gnu/libc.so.6;fd.nameraw=/usr/lib/x86_64-linux-gnu/libc.so.6;fd.directory=/usr/lib/x86_64-linux-gnu;fd.filename=libc.so.6;proc.name=bash;evt.arg.flags=O_RDONLY|O_CLOEXEC"),
        Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=4;fd.name=/etc/ld.so.cache;fd.nameraw=/etc/ld.so.cache;fd.directory=/etc;fd.filename=ld.so.cache;proc.name=ls;evt.arg.flags=O_RDONLY|O_CLOEXEC"),
        Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/proc/self/status;fd.nameraw=/proc/self/status;fd.directory=/proc/self;fd.filename=status;proc.name=ps"),
        Build("open", "evt.is_open_write=true;fd.typechar=f;fd.num=5;fd.name=/var/log/app/app.log;fd.nameraw=app.log;fd.directory=/var/log/app;fd.filename=app.log;proc.name=java;evt.arg.flags=O_WRONLY|O_APPEND|O_CREAT"),
        Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=7;fd.name=/usr/share/zoneinfo/UTC;fd.nameraw=/usr/share/zoneinfo/UTC;fd.directory=/usr/share/zoneinfo;fd.filename=UTC;proc.name=date"),
        Build("execve", "proc.name=ls;proc.exe=/usr/bin/ls;proc.cmdline=ls -la;proc.args=-la;proc.aname=ls|bash|sshd|systemd;proc.pname=bash"),
        Build("execve", "proc.name=git;proc.exe=/usr/bin/git;proc.cmdline=git status;proc.args=status;proc.aname=git|zsh|tmux|systemd;proc.pname=zsh;container.id=3ad7b26ded6d;container.image.repository=docker.io/library/golang"),
        Build("execve", "proc.name=python3;proc.exe=/usr/bin/python3;proc.cmdline=python3 app.py;proc.args=app.py;proc.aname=python3|bash|containerd-shim;container.id=3ad7b26ded6d;container.image.repository=docker.io/library/python"),
        Build("connect", "proc.name=curl;proc.exe=/usr/bin/curl;fd.typechar=4;fd.l4proto=tcp;fd.ip=10.0.0.5|10.0.0.9;fd.net=10.0.0.5|10.0.0.9;fd.snet=10.0.0.9;fd.sport=443;evt.rawres=0;evt.res=SUCCESS"),
        Build("connect", "proc.name=java;proc.exe=/usr/bin/java;fd.typechar=4;fd.l4proto=tcp;fd.ip=10.0.0.5|10.0.0.12;fd.net=10.0.0.5|10.0.0.12;fd.snet=10.0.0.12;fd.sport=5432;evt.rawres=-115;evt.res=EINPROGRESS;container.id=3ad7b26ded6d"),
    ];

    /// <summary>Fires "Read sensitive file untrusted".</summary>
    public static SyntheticEvent Firing() =>
        Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/etc/shadow;fd.directory=/etc;proc.name=cat;proc.pname=bash;proc.cmdline=cat /etc/shadow;proc.aname=cat|bash|sshd");

    public static SyntheticEvent Build(string type, string fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["evt.num"] = "1", ["proc.name"] = "app", ["proc.pname"] = "bash", ["proc.exe"] = "/usr/bin/app", ["proc.exepath"] = "/usr/bin/app",
            ["proc.cmdline"] = "app", ["proc.args"] = "", ["proc.cwd"] = "/", ["proc.tty"] = "0", ["user.name"] = "root", ["user.uid"] = "0", ["container.id"] = "host",
        };
        foreach (string pair in fields.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            values[pair[..eq]] = pair[(eq + 1)..];
        }
        var ev = new SyntheticEvent(SyscallFieldCatalog.Instance).WithEventType(type);
        foreach (var (field, value) in values)
        {
            if (field is "proc.aname")
                ev.SetLineage(field, value.Split('|'));
            else if (field is "fd.ip" or "fd.net" or "fd.port")
                ev.SetValues(field, value.Split('|'));
            else
                ev.Set(field, value);
        }
        return ev;
    }
}
