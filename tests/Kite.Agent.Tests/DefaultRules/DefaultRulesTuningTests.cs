using Kite.Agent.Rules;
using Kite.Agent.RuleTests;
using Kite.Rules.Loading;

namespace Kite.Agent.Tests.DefaultRules;

/// <summary>
/// The tuning hooks the README documents work as written: a local file loaded after the defaults
/// overrides a `user_known_*` macro, appends to a list, adds an exception or disables a rule.
/// </summary>
public sealed class DefaultRulesTuningTests
{
    private const string ApiServerCase = """
        - case: an operator pod talks to the API server
          event:
            evt.type: connect
            evt.rawres: 0
            fd.typechar: 4
            fd.sip: 10.96.0.1
            fd.sport: 443
            proc.name: manager
            container.id: 0a1b2c3d4e5f
            container.image.repository: ghcr.io/acme/operator
            k8s.ns.name: acme-system
          {0}: Kubernetes API Server Contacted From Container
        """;

    private static RuleTestRun Run(string local, string tests) => RuleTestRunner.Run(
        [.. Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)), new RuleFile("local.yaml", local)],
        [new RuleFile("tests.yaml", tests)]);

    private static void AssertPasses(RuleTestRun run)
    {
        Assert.True(run.Load.Diagnostics.Count == 0, string.Join("\n", run.Load.Diagnostics));
        Assert.True(run.Succeeded, string.Join("\n", run.FileProblems.Concat(run.Results.SelectMany(r => r.Failures))));
    }

    [Fact]
    public void WithoutTuningTheOperatorPodIsReported() =>
        AssertPasses(Run("[]", ApiServerCase.Replace("{0}", "fires", StringComparison.Ordinal)));

    [Fact]
    public void AppendingToATrustedImageListSilencesTheRule() =>
        AssertPasses(Run("""
            - list: user_trusted_k8s_api_client_images
              items: [ghcr.io/acme/operator]
              override:
                items: append
            """, ApiServerCase.Replace("{0}", "not_fires", StringComparison.Ordinal)));

    [Fact]
    public void OverridingAUserKnownMacroSilencesTheRule() =>
        AssertPasses(Run("""
            - macro: user_known_k8s_api_clients
              condition: (k8s.ns.name = acme-system and proc.name = manager)
              override:
                condition: replace
            """, ApiServerCase.Replace("{0}", "not_fires", StringComparison.Ordinal)));

    [Fact]
    public void AppendingAnExceptionSilencesTheRule() =>
        AssertPasses(Run("""
            - rule: Kubernetes API Server Contacted From Container
              exceptions:
                - name: acme_operator
                  fields: [k8s.ns.name, container.image.repository]
                  values: [[acme-system, ghcr.io/acme/operator]]
              override:
                exceptions: append
            """, ApiServerCase.Replace("{0}", "not_fires", StringComparison.Ordinal)));

    [Fact]
    public void DisabledRuleIsReportedAsSuchByTheTests()
    {
        RuleTestRun run = Run("""
            - rule: Kubernetes API Server Contacted From Container
              enabled: false
              override:
                enabled: replace
            """, ApiServerCase.Replace("{0}", "not_fires", StringComparison.Ordinal));

        Assert.False(run.Succeeded);
        Assert.Contains("rule 'Kubernetes API Server Contacted From Container' is disabled", Assert.Single(run.Results).Failures);
    }

    [Fact]
    public void AppendingAnAuditListSilencesTheAuditRule() =>
        AssertPasses(Run("""
            - list: user_trusted_privileged_images
              items: [registry.example.com/storage/csi-node]
              override:
                items: append
            """, """
            - case: the storage driver needs a privileged container
              source: k8s_audit
              event:
                kind: Event
                stage: ResponseComplete
                verb: create
                requestURI: /api/v1/namespaces/storage/pods
                user: {username: "system:serviceaccount:kube-system:daemon-set-controller"}
                objectRef: {resource: pods, namespace: storage, name: csi-node-x1}
                responseStatus: {code: 201}
                requestObject:
                  kind: Pod
                  spec:
                    containers: [{name: driver, image: "registry.example.com/storage/csi-node:1.9", securityContext: {privileged: true}}]
              not_fires: Privileged Pod Created
            """));

    [Theory]
    [InlineData("Write Below System Configuration Directory", "open openat openat2")]
    [InlineData("Write Below Binary Directory", "open openat openat2")]
    [InlineData("Terminal Shell in Container", "execve execveat")]
    [InlineData("Shell Spawned in Container Without Terminal", "execve execveat")]
    [InlineData("Read Account Secrets by Untrusted Program", "open openat openat2")]
    [InlineData("Read Credential File by Untrusted Program", "open openat openat2")]
    [InlineData("Kubernetes API Server Contacted From Container", "connect")]
    [InlineData("Execution From Temporary Directory", "execve execveat")]
    [InlineData("Fileless Execution From Memory", "execve execveat")]
    [InlineData("Packet Socket Created", "socket")]
    [InlineData("Kernel Module Loaded", "finit_module init_module")]
    [InlineData("Process Attached With Ptrace", "ptrace")]
    [InlineData("Log File Cleared", "open openat openat2")]
    public void EverySyscallRuleIsIndexedOnlyUnderItsEventTypes(string rule, string eventTypes)
    {
        LoadResult load = RuleLoader.Load(Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)), RuleSources.Catalogs);
        RuleInfo info = load.FindRule(rule)!;

        Assert.False(info.MatchesAllEventTypes);
        Assert.False(info.NeverMatches);
        Assert.Equal(eventTypes.Split(' ').Order(StringComparer.Ordinal), info.EventTypes!.Order(StringComparer.Ordinal));
    }
}
