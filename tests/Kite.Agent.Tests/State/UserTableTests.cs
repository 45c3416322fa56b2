using System.Text;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class UserTableTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kite-users-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void NamesComeFromThePasswdAndGroupFilesUnderHostRoot()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n# comment\nalice:x:1000:1000::/home/alice:/bin/sh\nbroken\n");
        File.WriteAllText(Path.Combine(_root, "etc/group"), "root:x:0:\nstaff:x:50:alice\n");
        var users = new UserTable(new HostRoot(_root));
        var process = new ThreadInfo { Pid = 1 };
        process.ContainerId.Set("host"u8);

        Assert.Equal("root", Encoding.UTF8.GetString(users.UserName(process, 0)));
        Assert.Equal("alice", Encoding.UTF8.GetString(users.UserName(process, 1000)));
        Assert.Equal("staff", Encoding.UTF8.GetString(users.GroupName(process, 50)));
        Assert.True(users.UserName(process, 4242).IsEmpty);
        Assert.Equal(2, users.Loads);
    }

    [Fact]
    public void ContainerProcessesReadTheirOwnRootsPasswd()
    {
        int pid = 4321;
        string etc = Path.Combine(_root, "proc", pid.ToString(), "root", "etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "passwd"), "app:x:0:0::/:/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0::/:/bin/sh\n");
        var users = new UserTable(new HostRoot(_root));
        var inContainer = new ThreadInfo { Pid = pid };
        inContainer.ContainerId.Set("0123456789ab"u8);
        var onHost = new ThreadInfo { Pid = 1 };
        onHost.ContainerId.Set("host"u8);

        Assert.Equal("app", Encoding.UTF8.GetString(users.UserName(inContainer, 0)));
        Assert.Equal("root", Encoding.UTF8.GetString(users.UserName(onHost, 0)));
    }
}
