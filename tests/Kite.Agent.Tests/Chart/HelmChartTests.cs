using System.Diagnostics;
using Kite.Agent.Configuration;
using Kite.TestUtilities;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Tests.Chart;

/// <summary>Renders charts/kite with the real `helm template` and checks the objects operators get.</summary>
public sealed class HelmChartTests
{
    private static string ChartDir => Path.Combine(TestEnvironment.RepoRoot, "charts", "kite");

    [RequiresHelmFact]
    public void DefaultDaemonSetUsesCapabilitiesNotPrivilegedMode()
    {
        var objects = Render();

        YamlMappingNode container = AgentContainer(objects);
        var security = (YamlMappingNode)container["securityContext"];
        Assert.Equal("false", Scalar(security, "privileged"));
        Assert.Equal("false", Scalar(security, "allowPrivilegeEscalation"));
        var caps = (YamlMappingNode)security["capabilities"];
        Assert.Equal(["ALL"], Strings(caps["drop"]));
        Assert.Equal(["BPF", "PERFMON", "SYS_RESOURCE", "SYS_PTRACE", "DAC_READ_SEARCH"], Strings(caps["add"]));
        var podSpec = PodSpec(objects);
        Assert.Equal("true", Scalar(podSpec, "hostPID"));
    }

    [RequiresHelmFact]
    public void PrivilegedModeIsOptIn()
    {
        var objects = Render("--set", "securityContext.privileged=true");

        var security = (YamlMappingNode)AgentContainer(objects)["securityContext"];
        Assert.Equal("true", Scalar(security, "privileged"));
        Assert.False(security.Children.ContainsKey("capabilities"));
    }

    [RequiresHelmFact]
    public void AgentReadsHostProcAndEtcThroughHostRoot()
    {
        var objects = Render();

        YamlMappingNode container = AgentContainer(objects);
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        Assert.Equal("/host", Scalar(env["HOST_ROOT"], "value"));
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>().ToDictionary(m => Scalar(m, "mountPath"));
        Assert.Equal("true", Scalar(mounts["/host/proc"], "readOnly"));
        Assert.True(mounts.ContainsKey("/host/run/containerd/containerd.sock"));
        Assert.Equal(["run", "-c", "/etc/kite/kite.yaml"], Strings(container["args"]));
    }

    [RequiresHelmFact]
    public void RenderedConfigurationLoadsInTheAgentWithoutErrors()
    {
        var objects = Render();

        string kiteYaml = ConfigText(objects);
        string path = Path.Combine(Path.GetTempPath(), $"kite-chart-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, kiteYaml);
        try
        {
            ConfigLoadResult result = ConfigLoader.Load(path);
            Assert.True(result.Config.UsesEmbeddedRules);
            Assert.Equal(100_000, result.Config.OutputsQueueCapacity);
            Assert.Equal(8765, result.Config.Webserver.ListenPort);
            Assert.True(result.Warnings.IsEmpty, string.Join("\n", result.Warnings));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [RequiresHelmFact]
    public void CustomRulesAreMountedAndAppendedToRulesFiles()
    {
        var objects = Render("--set-string", "customRules.local\\.yaml=- list: my_list\n  items: [a]\n");

        var rulesMap = objects.Single(o => Kind(o) == "ConfigMap" && Name(o).EndsWith("-rules", StringComparison.Ordinal));
        Assert.Contains("my_list", Scalar((YamlMappingNode)rulesMap["data"], "local.yaml"));
        Assert.Contains("/etc/kite/rules.d/local.yaml", ConfigText(objects));
        var mounts = ((YamlSequenceNode)AgentContainer(objects)["volumeMounts"]).Children.Cast<YamlMappingNode>().Select(m => Scalar(m, "mountPath"));
        Assert.Contains("/etc/kite/rules.d", mounts);
    }

    [RequiresHelmFact]
    public void DisablingTheWebserverRemovesProbesAndService()
    {
        var objects = Render("--set", "kite.webserver.enabled=false");

        Assert.DoesNotContain(objects, o => Kind(o) == "Service");
        Assert.False(AgentContainer(objects).Children.ContainsKey("livenessProbe"));
    }

    [RequiresHelmFact]
    public void ChartPassesHelmLint()
    {
        var (code, output) = RunHelm("lint", ChartDir, "--strict");
        Assert.True(code == 0, output);
    }

    private static List<YamlMappingNode> Render(params string[] extra)
    {
        var (code, output) = RunHelm(["template", "test", ChartDir, "--namespace", "security", .. extra]);
        Assert.True(code == 0, output);
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static string ConfigText(List<YamlMappingNode> objects)
    {
        var map = objects.Single(o => Kind(o) == "ConfigMap" && !Name(o).EndsWith("-rules", StringComparison.Ordinal));
        return Scalar((YamlMappingNode)map["data"], "kite.yaml");
    }

    private static YamlMappingNode PodSpec(List<YamlMappingNode> objects)
    {
        var ds = objects.Single(o => Kind(o) == "DaemonSet");
        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)ds["spec"])["template"])["spec"];
    }

    private static YamlMappingNode AgentContainer(List<YamlMappingNode> objects) =>
        (YamlMappingNode)((YamlSequenceNode)PodSpec(objects)["containers"]).Children.Single();

    private static string Kind(YamlMappingNode o) => Scalar(o, "kind");

    private static string Name(YamlMappingNode o) => Scalar((YamlMappingNode)o["metadata"], "name");

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    private static string[] Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray();

    internal static (int Code, string Output) RunHelm(params string[] args)
    {
        var psi = new ProcessStartInfo(HelmLocator.Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

internal static class HelmLocator
{
    /// <summary>KITE_HELM, then .tools/bin/helm (installed by `make deps`), then PATH.</summary>
    public static string? Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("KITE_HELM") is { Length: > 0 } env && File.Exists(env))
                return env;
            string local = System.IO.Path.Combine(TestEnvironment.RepoRoot, ".tools", "bin", "helm");
            if (File.Exists(local))
                return local;
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = System.IO.Path.Combine(dir, "helm");
                if (File.Exists(candidate))
                    return candidate;
            }
            return null;
        }
    }
}

/// <summary>A fact that needs the helm binary; skipped with a reason where it is absent (never under CI, where make deps installs it).</summary>
public sealed class RequiresHelmFactAttribute : FactAttribute
{
    public RequiresHelmFactAttribute()
    {
        if (!TestEnvironment.IsCi && HelmLocator.Path is null)
            Skip = "requires helm (run make deps: it installs .tools/bin/helm)";
    }
}
