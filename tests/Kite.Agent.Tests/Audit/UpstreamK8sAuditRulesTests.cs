using System.Text.Json.Nodes;
using Kite.Agent.Audit;
using Kite.Agent.Rules;
using Kite.Rules.Evaluation;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Audit;

/// <summary>
/// Falco's own k8s_audit_rules.yaml (../shared/compat, loaded unmodified) evaluated on realistic audit
/// events through our catalog, extraction and the real rule engine: for each rule an event that must
/// fire it and a close variant that must not.
/// </summary>
public sealed class UpstreamK8sAuditRulesTests
{
    private static readonly Lazy<(LoadResult Load, RuleSet<AuditFieldSource> Rules)> s_rules = new(() =>
    {
        string path = Path.Combine(TestEnvironment.SharedCompatDir!, "rules", "k8s_audit_rules.yaml");
        LoadResult load = RuleLoader.Load([new RuleFile(path, File.ReadAllText(path))], RuleSources.Catalogs);
        return (load, load.Compile<AuditFieldSource>("k8s_audit", options: new RuleSetOptions { Matching = RuleMatching.All }));
    });

    private static List<string> Fired(string json)
    {
        RuleSet<AuditFieldSource> rules = s_rules.Value.Rules;
        var source = new AuditFieldSource(AuditEvent.Parse(json));
        var matches = new CompiledRule?[rules.Rules.Count];
        int count = rules.Evaluate(ref source, matches);
        return matches.Take(count).Select(m => m!.Name).ToList();
    }

    private static void AssertFires(string rule, string json) => Assert.Contains(rule, Fired(json));

    private static void AssertDoesNotFire(string rule, string json) => Assert.DoesNotContain(rule, Fired(json));

    private static string PrivilegedPod(bool privileged) => AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
        root["requestObject"]!["spec"]!["containers"]![0]!["securityContext"]!["privileged"] = privileged);

    [RequiresSharedCompatFact]
    public void UpstreamFileLoadsWithoutErrorsOrWarnings()
    {
        LoadResult load = s_rules.Value.Load;

        Assert.True(load.Diagnostics.Count == 0, string.Join("\n", load.Diagnostics));
        Assert.Equal(48, load.Rules.Count);
    }

    [RequiresSharedCompatFact]
    public void CreatePrivilegedPod()
    {
        AssertFires("Create Privileged Pod", PrivilegedPod(true));
        AssertDoesNotFire("Create Privileged Pod", PrivilegedPod(false));
    }

    [RequiresSharedCompatFact]
    public void CreatePrivilegedPodSparesAllowedImages()
    {
        string calico = AuditEventSamples.With(PrivilegedPod(true), root =>
        {
            JsonArray containers = root["requestObject"]!["spec"]!["containers"]!.AsArray();
            containers.RemoveAt(1);
            containers[0]!["image"] = "docker.io/calico/node:v3.28.1";
        });
        AssertDoesNotFire("Create Privileged Pod", calico);
    }

    [RequiresSharedCompatFact]
    public void CreateSensitiveMountPod()
    {
        string dockerSocket = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
            root["requestObject"]!["spec"]!["volumes"]!.AsArray().Add(
                new JsonObject { ["name"] = "docker", ["hostPath"] = new JsonObject { ["path"] = "/var/run/docker.sock" } }));
        string dataDir = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
            root["requestObject"]!["spec"]!["volumes"]!.AsArray().Add(
                new JsonObject { ["name"] = "data", ["hostPath"] = new JsonObject { ["path"] = "/mnt/data" } }));

        AssertFires("Create Sensitive Mount Pod", dockerSocket);
        AssertDoesNotFire("Create Sensitive Mount Pod", dataDir);
        AssertDoesNotFire("Create Sensitive Mount Pod", AuditEventSamples.PodCreate);
    }

    [RequiresSharedCompatFact]
    public void AttachExecPod()
    {
        string logs = AuditEventSamples.With(AuditEventSamples.PodExec, root =>
        {
            root["objectRef"]!["subresource"] = "log";
            root["requestURI"] = "/api/v1/namespaces/shop/pods/web-7f9c/log?follow=true";
            root["verb"] = "get";
        });

        AssertFires("Attach/Exec Pod", AuditEventSamples.PodExec);
        AssertDoesNotFire("Attach/Exec Pod", logs);
    }

    [RequiresSharedCompatFact]
    public void K8sSecretCreated()
    {
        string byController = AuditEventSamples.With(AuditEventSamples.SecretCreate, root =>
            root["user"]!["username"] = "system:serviceaccount:kube-system:token-controller");

        AssertFires("K8s Secret Created", AuditEventSamples.SecretCreate);
        AssertDoesNotFire("K8s Secret Created", byController);
    }

    [RequiresSharedCompatFact]
    public void K8sSecretDeleted()
    {
        string deleted = AuditEventSamples.With(AuditEventSamples.SecretCreate, root =>
        {
            root["verb"] = "delete";
            root["requestURI"] = "/api/v1/namespaces/shop/secrets/db-credentials";
            root["responseStatus"]!["code"] = 200;
        });
        string deletedInKubeSystem = AuditEventSamples.With(deleted, root => root["objectRef"]!["namespace"] = "kube-system");
        string notFound = AuditEventSamples.With(deleted, root => root["responseStatus"]!["code"] = 404);

        AssertFires("K8s Secret Deleted", deleted);
        AssertDoesNotFire("K8s Secret Created", deleted);
        AssertDoesNotFire("K8s Secret Deleted", deletedInKubeSystem);
        AssertDoesNotFire("K8s Secret Deleted", notFound);
    }

    [RequiresSharedCompatFact]
    public void AnonymousRequestAllowed()
    {
        string healthz = AuditEventSamples.With(AuditEventSamples.AnonymousGet, root => root["requestURI"] = "/healthz?verbose=1");
        string forbidden = AuditEventSamples.With(AuditEventSamples.AnonymousGet, root => root["annotations"]!["authorization.k8s.io/decision"] = "forbid");

        AssertFires("Anonymous Request Allowed", AuditEventSamples.AnonymousGet);
        AssertDoesNotFire("Anonymous Request Allowed", healthz);
        AssertDoesNotFire("Anonymous Request Allowed", forbidden);
    }

    [RequiresSharedCompatFact]
    public void ClusterRoleWithWildcardCreated()
    {
        string wildcard = AuditEventSamples.With(AuditEventSamples.ClusterRoleCreate, root =>
            root["requestObject"]!["rules"]![1]!["verbs"] = new JsonArray("*"));

        AssertFires("ClusterRole With Wildcard Created", wildcard);
        AssertDoesNotFire("ClusterRole With Wildcard Created", AuditEventSamples.ClusterRoleCreate);
    }

    [RequiresSharedCompatFact]
    public void EventsBeforeResponseCompleteOnlyMatchSessionRules()
    {
        string started = AuditEventSamples.With(PrivilegedPod(true), root => root["stage"] = "ResponseStarted");

        Assert.DoesNotContain("Create Privileged Pod", Fired(started));
    }
}
