using System.Text;
using Kite.Agent.Containers;
using Kite.Agent.Containers.Containerd;

namespace Kite.Agent.Tests.Containers;

public sealed class OciSpecReaderTests
{
    private const string AllCaps = "\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_SYS_ADMIN\",\"CAP_SYS_MODULE\",\"CAP_SYS_RAWIO\",\"CAP_SYS_PTRACE\",\"CAP_SYS_BOOT\",\"CAP_NET_ADMIN\"";
    private const string DefaultCaps = "\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\",\"CAP_NET_RAW\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\",\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"";

    private static string Spec(string caps, bool masked, string mounts = "[]")
    {
        string maskedPaths = masked ? "[\"/proc/kcore\",\"/proc/keys\"]" : "[]";
        return "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"capabilities\":{\"bounding\":[" + caps
            + "],\"effective\":[" + caps + "]}},\"mounts\":" + mounts + ",\"linux\":{\"maskedPaths\":" + maskedPaths + "}}";
    }

    [Fact]
    public void AllCapabilitiesAndNothingMaskedIsPrivileged()
        => Assert.True(OciSpecReader.Read(Encoding.UTF8.GetBytes(Spec(AllCaps, masked: false))).Privileged);

    [Fact]
    public void DefaultCapabilitiesAreNotPrivileged()
        => Assert.False(OciSpecReader.Read(Encoding.UTF8.GetBytes(Spec(DefaultCaps, masked: true))).Privileged);

    [Fact]
    public void AllCapabilitiesWithMaskedPathsAreNotPrivileged()
        => Assert.False(OciSpecReader.Read(Encoding.UTF8.GetBytes(Spec(AllCaps, masked: true))).Privileged);

    [Fact]
    public void SpecWithoutProcessLeavesPrivilegedUnknown()
        => Assert.Null(OciSpecReader.Read("{\"ociVersion\":\"1.0.2\"}"u8).Privileged);

    [Fact]
    public void MountsCarrySourceDestinationAccessAndPropagation()
    {
        string mounts = """
            [{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
             {"destination":"/etc/hosts","type":"bind","source":"/var/lib/kubelet/pods/x/etc-hosts","options":["rbind","rprivate","rw"]},
             {"destination":"/var/run/secrets/kubernetes.io/serviceaccount","type":"bind","source":"/var/lib/kubelet/pods/x/volumes/token","options":["rbind","rprivate","ro"]}]
            """;
        OciSpecReader.Result result = OciSpecReader.Read(Encoding.UTF8.GetBytes(Spec(DefaultCaps, true, mounts)));

        Assert.Equal(
            [
                new ContainerMount("proc", "/proc", "proc", "", true, ""),
                new ContainerMount("/var/lib/kubelet/pods/x/etc-hosts", "/etc/hosts", "bind", "", true, "rprivate"),
                new ContainerMount("/var/lib/kubelet/pods/x/volumes/token", "/var/run/secrets/kubernetes.io/serviceaccount", "bind", "", false, "rprivate"),
            ],
            result.Mounts);
    }
}
