using Kite.Agent.Fields;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

public class RuleEvaluationAllocationTests
{
    /// <summary>A realistic mix: mostly opens of common files, execs of common binaries, connects; one event fires a rule.</summary>
    internal static SyntheticEvent[] EventMix() =>
    [
        StableRulesGoldenTests.Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/usr/lib/x86_64-linux-gnu/libc.so.6;fd.nameraw=/usr/lib/x86_64-linux-gnu/libc.so.6;fd.directory=/usr/lib/x86_64-linux-gnu;fd.filename=libc.so.6;proc.name=bash;evt.arg.flags=O_RDONLY|O_CLOEXEC"),
        StableRulesGoldenTests.Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=4;fd.name=/etc/ld.so.cache;fd.nameraw=/etc/ld.so.cache;fd.directory=/etc;fd.filename=ld.so.cache;proc.name=ls;evt.arg.flags=O_RDONLY|O_CLOEXEC"),
        StableRulesGoldenTests.Build("open", "evt.is_open_write=true;fd.typechar=f;fd.num=5;fd.name=/var/log/app/app.log;fd.nameraw=app.log;fd.directory=/var/log/app;fd.filename=app.log;proc.name=java;evt.arg.flags=O_WRONLY|O_APPEND|O_CREAT"),
        StableRulesGoldenTests.Build("execve", "proc.name=ls;proc.exe=/usr/bin/ls;proc.cmdline=ls -la;proc.args=-la;proc.aname=ls|bash|sshd|systemd;proc.pname=bash"),
        StableRulesGoldenTests.Build("execve", "proc.name=git;proc.exe=/usr/bin/git;proc.cmdline=git status;proc.args=status;proc.aname=git|zsh|tmux|systemd;proc.pname=zsh;container.id=3ad7b26ded6d;container.image.repository=docker.io/library/golang"),
        StableRulesGoldenTests.Build("connect", "proc.name=curl;proc.exe=/usr/bin/curl;fd.typechar=4;fd.l4proto=tcp;fd.ip=10.0.0.5|10.0.0.9;fd.net=10.0.0.5|10.0.0.9;fd.snet=10.0.0.9;fd.sport=443;evt.rawres=0;evt.res=SUCCESS"),
        StableRulesGoldenTests.Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/proc/self/status;fd.nameraw=/proc/self/status;fd.directory=/proc/self;fd.filename=status;proc.name=ps"),
        StableRulesGoldenTests.Build("execve", "proc.name=python3;proc.exe=/usr/bin/python3;proc.cmdline=python3 app.py;proc.args=app.py;proc.aname=python3|bash|containerd-shim;container.id=3ad7b26ded6d;container.image.repository=docker.io/library/python"),
        // fires "Read sensitive file untrusted"
        StableRulesGoldenTests.Build("openat", "evt.is_open_read=true;fd.typechar=f;fd.num=3;fd.name=/etc/shadow;fd.directory=/etc;proc.name=cat;proc.pname=bash;proc.cmdline=cat /etc/shadow;proc.aname=cat|bash|sshd"),
    ];

    [RequiresSharedCompatFact]
    public void EvaluatingTheUpstreamRulesAMillionTimesAllocatesNothing()
    {
        LoadResult result = UpstreamRules.Load(UpstreamRules.Stable);
        Assert.False(result.HasErrors);
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source);
        SyntheticEvent[] events = EventMix();
        var matches = new CompiledRule?[4];

        int warm = Run(set, events, matches, 20_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = Run(set, events, matches, 1_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(warm > 0);
        Assert.Equal(1_000_000 / events.Length, matched); // only the last event of the mix fires
    }

    private static int Run(RuleSet<SyntheticFieldSource> set, SyntheticEvent[] events, CompiledRule?[] matches, int count)
    {
        int matched = 0;
        for (int i = 0; i < count; i++)
        {
            var source = new SyntheticFieldSource(events[i % events.Length]);
            matched += set.Evaluate(ref source, matches);
        }
        return matched;
    }
}
