using System.Text.Json.Nodes;
using Kite.Agent.Audit;

namespace Kite.Agent.Tests.Audit;

public sealed class AuditFieldExtractorTests
{
    private static AuditFieldValue Extract(string json, AuditField field, string? key = null, int index = AuditFieldExtractor.NoIndex) =>
        AuditFieldExtractor.Extract(AuditEvent.Parse(json), field, key, index);

    private static string[] Items(string json, AuditField field, string? key = null, int index = AuditFieldExtractor.NoIndex)
    {
        AuditFieldValue value = Extract(json, field, key, index);
        Assert.NotNull(value.Items);
        return value.Items;
    }

    private static string? Text(string json, AuditField field, string? key = null, int index = AuditFieldExtractor.NoIndex) =>
        Extract(json, field, key, index).Text;

    [Theory]
    [InlineData(nameof(AuditField.UserName), "alice@example.com")]
    [InlineData(nameof(AuditField.Verb), "create")]
    [InlineData(nameof(AuditField.Uri), "/api/v1/namespaces/shop/pods?fieldManager=kubectl-client-side-apply")]
    [InlineData(nameof(AuditField.Stage), "ResponseComplete")]
    [InlineData(nameof(AuditField.AuditId), "5c1e6b7a-0c9e-4f3c-9f1a-2b7d52e0a001")]
    [InlineData(nameof(AuditField.TargetResource), "pods")]
    [InlineData(nameof(AuditField.TargetNamespace), "shop")]
    [InlineData(nameof(AuditField.TargetName), "web-7f9c")]
    [InlineData(nameof(AuditField.ResponseName), "web-7f9c")]
    [InlineData(nameof(AuditField.AuthDecision), "allow")]
    [InlineData(nameof(AuditField.AuthReason), "RBAC: allowed by RoleBinding \"dev-edit/shop\" of ClusterRole \"edit\" to Group \"developers\"")]
    [InlineData(nameof(AuditField.UserAgent), "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505")]
    public void ScalarFieldsReadTheirPathInTheEvent(string field, string expected) =>
        Assert.Equal(expected, Text(AuditEventSamples.PodCreate, Enum.Parse<AuditField>(field)));

    [Fact]
    public void ResponseCodeIsRenderedAsText() => Assert.Equal("201", Text(AuditEventSamples.PodCreate, AuditField.ResponseCode));

    [Fact]
    public void SubresourceIsMissingWhenTheRequestTargetsTheObjectItself()
    {
        Assert.True(Extract(AuditEventSamples.PodCreate, AuditField.TargetSubresource).IsMissing);
        Assert.Equal("exec", Text(AuditEventSamples.PodExec, AuditField.TargetSubresource));
    }

    [Fact]
    public void ContainerImagesAreAListInSpecOrder() =>
        Assert.Equal(
            ["registry.example.com:5000/shop/web:1.4.2", "docker.io/envoyproxy/envoy@sha256:4d2ab1c6e9a2a7d3b7b5c1b0f0e5c8f1a6b0a4e2c1d3f5a7b9c0d2e4f6a8b0c2"],
            Items(AuditEventSamples.PodCreate, AuditField.PodContainersImage));

    [Fact]
    public void ImageRepositoriesDropTagAndDigestButKeepTheRegistryPort() =>
        Assert.Equal(["registry.example.com:5000/shop/web", "docker.io/envoyproxy/envoy"],
            Items(AuditEventSamples.PodCreate, AuditField.PodContainersImageRepository));

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("nginx:1.27", "nginx")]
    [InlineData("localhost:5000/app", "localhost:5000/app")]
    [InlineData("localhost:5000/app:v2", "localhost:5000/app")]
    [InlineData("quay.io/cilium/cilium:v1.16.1@sha256:0123abcd", "quay.io/cilium/cilium")]
    [InlineData("busybox@sha256:0123abcd", "busybox")]
    public void ImageRepositoryStripsOnlyTagAndDigest(string image, string repository) =>
        Assert.Equal(repository, AuditFieldExtractor.ImageRepository(image));

    [Fact]
    public void IndexArgumentSelectsOneContainer()
    {
        Assert.Equal("docker.io/envoyproxy/envoy", Text(AuditEventSamples.PodCreate, AuditField.PodContainersImageRepository, index: 1));
        Assert.True(Extract(AuditEventSamples.PodCreate, AuditField.PodContainersImage, index: 2).IsMissing);
    }

    [Fact]
    public void PrivilegedListSkipsContainersWithoutTheSetting() =>
        Assert.Equal(["false"], Items(AuditEventSamples.PodCreate, AuditField.PodContainersPrivileged));

    [Fact]
    public void InitAndEphemeralContainerFieldsAreMissingWhenThePodHasNone()
    {
        Assert.True(Extract(AuditEventSamples.PodCreate, AuditField.PodInitContainersImage).IsMissing);
        Assert.True(Extract(AuditEventSamples.PodCreate, AuditField.PodEphemeralContainersPrivileged).IsMissing);
    }

    [Fact]
    public void InitContainersAreReadFromTheirOwnList()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
            root["requestObject"]!["spec"]!["initContainers"] = new JsonArray(
                new JsonObject { ["name"] = "setup", ["image"] = "alpine:3.20", ["securityContext"] = new JsonObject { ["privileged"] = true } }));
        Assert.Equal(["alpine"], Items(json, AuditField.PodInitContainersImageRepository));
        Assert.Equal(["true"], Items(json, AuditField.PodInitContainersPrivileged));
    }

    [Fact]
    public void HostPathListHoldsOnlyHostPathVolumes()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
            root["requestObject"]!["spec"]!["volumes"]!.AsArray().Add(
                new JsonObject { ["name"] = "runtime", ["hostPath"] = new JsonObject { ["path"] = "/run/containerd/containerd.sock", ["type"] = "Socket" } }));
        Assert.Equal(["/run/containerd/containerd.sock"], Items(json, AuditField.PodVolumesHostPath));
        Assert.Empty(Items(AuditEventSamples.PodCreate, AuditField.PodVolumesHostPath));
    }

    [Fact]
    public void HostNamespaceFlagsRenderJsonBooleansAsText()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root => root["requestObject"]!["spec"]!["hostNetwork"] = true);
        Assert.Equal("true", Text(json, AuditField.PodHostNetwork));
        Assert.True(Extract(json, AuditField.PodHostPid).IsMissing);
    }

    [Fact]
    public void RoleRuleFieldsFlattenEveryRule()
    {
        Assert.Equal(["get", "list", "watch", "get"], Items(AuditEventSamples.ClusterRoleCreate, AuditField.RoleRulesVerbs));
        Assert.Equal(["pods", "pods/log", "deployments"], Items(AuditEventSamples.ClusterRoleCreate, AuditField.RoleRulesResources));
        Assert.Equal(["deployments"], Items(AuditEventSamples.ClusterRoleCreate, AuditField.RoleRulesResources, index: 1));
    }

    [Fact]
    public void RoleRulesAreCompactJsonTexts() =>
        Assert.Equal(
            ["{\"apiGroups\":[\"\"],\"resources\":[\"pods\",\"pods/log\"],\"verbs\":[\"get\",\"list\",\"watch\"]}", "{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"get\"]}"],
            Items(AuditEventSamples.ClusterRoleCreate, AuditField.RoleRules));

    [Fact]
    public void ConfigMapObjectIsItsDataAsJson() =>
        Assert.Equal("{\"LOG_LEVEL\":\"info\",\"UPSTREAM\":\"http://api.shop.svc:8080\"}", Text(AuditEventSamples.ConfigMapCreate, AuditField.ConfigMapObject));

    [Theory]
    [InlineData("command", "/bin/sh")]
    [InlineData("container", "web")]
    [InlineData("tty", "true")]
    [InlineData("missing", null)]
    public void UriParamReturnsTheFirstDecodedValue(string key, string? expected) =>
        Assert.Equal(expected, Text(AuditEventSamples.PodExec, AuditField.UriParam, key));

    [Theory]
    [InlineData("/stage", "ResponseComplete")]
    [InlineData("/responseStatus/code", "201")]
    [InlineData("/requestObject/spec/containers/1/name", "sidecar")]
    [InlineData("/annotations/authorization.k8s.io~1decision", "allow")]
    [InlineData("/objectRef", "{\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"web-7f9c\",\"apiVersion\":\"v1\"}")]
    [InlineData("/requestObject/spec/containers/2", null)]
    [InlineData("/requestObject/spec/containers/01", null)]
    [InlineData("/requestObject/spec/containers/-", null)]
    [InlineData("/requestObject/spec/tls", null)]
    [InlineData("stage", null)]
    [InlineData("/bad~2escape", null)]
    public void JsonPointerFollowsRfc6901(string pointer, string? expected) =>
        Assert.Equal(expected, Text(AuditEventSamples.PodCreate, AuditField.JsonValue, pointer));

    [Fact]
    public void EventTimeIsTheStageTimestampInNanoseconds()
    {
        AuditEvent auditEvent = AuditEvent.Parse(AuditEventSamples.PodCreate, number: 7, receivedAtNanos: 42);
        ulong expected = (ulong)(DateTimeOffset.Parse("2026-11-21T23:40:01.234567Z", System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.Equal(expected, auditEvent.TimestampNanos);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditFieldExtractor.Extract(auditEvent, AuditField.JsonRawTime).Text);
        Assert.Equal("7", AuditFieldExtractor.Extract(auditEvent, AuditField.EventNumber).Text);
    }

    [Fact]
    public void EventTimeFallsBackToReceptionWhenTheEventHasNoTimestamp()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
        {
            root.Remove("stageTimestamp");
            root.Remove("requestReceivedTimestamp");
        });
        Assert.Equal(42UL, AuditEvent.Parse(json, receivedAtNanos: 42).TimestampNanos);
    }

    [Fact]
    public void EventTimeIsNeverZeroSoTheNeverTrueIdiomStaysFalse()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
        {
            root.Remove("stageTimestamp");
            root["requestReceivedTimestamp"] = "not a time";
        });
        ulong before = AuditEvent.NowNanos();
        AuditEvent auditEvent = AuditEvent.Parse(json);
        Assert.InRange(auditEvent.TimestampNanos, before, AuditEvent.NowNanos());
        Assert.NotEqual("0", AuditFieldExtractor.Extract(auditEvent, AuditField.JsonRawTime).Text);
    }

    [Fact]
    public void NullValuesAreMissingNotTheTextNull()
    {
        string json = AuditEventSamples.With(AuditEventSamples.PodCreate, root => root["responseObject"] = null);
        Assert.True(Extract(json, AuditField.ResponseName).IsMissing);
        Assert.True(Extract(json, AuditField.JsonValue, "/responseObject").IsMissing);
    }

    [Fact]
    public void WholeObjectIsCompactJson()
    {
        string text = Text(AuditEventSamples.SecretCreate, AuditField.JsonObject)!;
        Assert.StartsWith("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"", text);
        Assert.DoesNotContain("\n", text);
    }
}
