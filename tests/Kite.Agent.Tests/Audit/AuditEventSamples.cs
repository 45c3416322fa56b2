using System.Text.Json.Nodes;

namespace Kite.Agent.Tests.Audit;

/// <summary>
/// Audit events shaped like those a kube-apiserver (v1.30, policy level RequestResponse) writes, as
/// JSON text. Tests start from one and change what they need with <see cref="With"/>.
/// </summary>
internal static class AuditEventSamples
{
    public const string PodCreate = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "RequestResponse",
          "auditID": "5c1e6b7a-0c9e-4f3c-9f1a-2b7d52e0a001",
          "stage": "ResponseComplete",
          "requestURI": "/api/v1/namespaces/shop/pods?fieldManager=kubectl-client-side-apply",
          "verb": "create",
          "user": {
            "username": "alice@example.com",
            "groups": ["developers", "system:authenticated"]
          },
          "sourceIPs": ["192.168.49.1"],
          "userAgent": "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505",
          "objectRef": { "resource": "pods", "namespace": "shop", "name": "web-7f9c", "apiVersion": "v1" },
          "responseStatus": { "metadata": {}, "code": 201 },
          "requestObject": {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": { "name": "web-7f9c", "namespace": "shop", "labels": { "app": "web" } },
            "spec": {
              "volumes": [
                { "name": "config", "configMap": { "name": "web-config" } },
                { "name": "cache", "emptyDir": {} }
              ],
              "containers": [
                {
                  "name": "web",
                  "image": "registry.example.com:5000/shop/web:1.4.2",
                  "ports": [ { "containerPort": 8080, "protocol": "TCP" } ],
                  "securityContext": { "privileged": false, "runAsNonRoot": true }
                },
                {
                  "name": "sidecar",
                  "image": "docker.io/envoyproxy/envoy@sha256:4d2ab1c6e9a2a7d3b7b5c1b0f0e5c8f1a6b0a4e2c1d3f5a7b9c0d2e4f6a8b0c2"
                }
              ],
              "restartPolicy": "Always"
            }
          },
          "responseObject": {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": { "name": "web-7f9c", "namespace": "shop", "uid": "0b5c1e0d-8f63-4a8e-9c36-2f2b7e3c1a11" }
          },
          "requestReceivedTimestamp": "2026-11-21T23:40:01.123456Z",
          "stageTimestamp": "2026-11-21T23:40:01.234567Z",
          "annotations": {
            "authorization.k8s.io/decision": "allow",
            "authorization.k8s.io/reason": "RBAC: allowed by RoleBinding \"dev-edit/shop\" of ClusterRole \"edit\" to Group \"developers\"",
            "pod-security.kubernetes.io/enforce-policy": "privileged:latest"
          }
        }
        """;

    public const string PodExec = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "Request",
          "auditID": "7d2f0c1b-3a44-4c6e-8e9b-5b1a2c3d4e02",
          "stage": "ResponseStarted",
          "requestURI": "/api/v1/namespaces/shop/pods/web-7f9c/exec?command=%2Fbin%2Fsh&command=-c&command=id&container=web&stdin=true&stdout=true&tty=true",
          "verb": "create",
          "user": { "username": "alice@example.com", "groups": ["developers", "system:authenticated"] },
          "sourceIPs": ["192.168.49.1"],
          "userAgent": "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505",
          "objectRef": { "resource": "pods", "namespace": "shop", "name": "web-7f9c", "apiVersion": "v1", "subresource": "exec" },
          "responseStatus": { "metadata": {}, "code": 101 },
          "requestReceivedTimestamp": "2026-11-21T23:41:00.000001Z",
          "stageTimestamp": "2026-11-21T23:41:00.020000Z",
          "annotations": { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding \"admins\"" }
        }
        """;

    public const string SecretCreate = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "Metadata",
          "auditID": "9a8b7c6d-1111-4222-8333-444455556666",
          "stage": "ResponseComplete",
          "requestURI": "/api/v1/namespaces/shop/secrets?fieldManager=kubectl-create",
          "verb": "create",
          "user": { "username": "alice@example.com", "groups": ["developers", "system:authenticated"] },
          "sourceIPs": ["192.168.49.1"],
          "userAgent": "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505",
          "objectRef": { "resource": "secrets", "namespace": "shop", "name": "db-credentials", "apiVersion": "v1" },
          "responseStatus": { "metadata": {}, "code": 201 },
          "requestReceivedTimestamp": "2026-11-21T23:42:00.000001Z",
          "stageTimestamp": "2026-11-21T23:42:00.010000Z",
          "annotations": { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by RoleBinding \"dev-edit/shop\"" }
        }
        """;

    public const string ConfigMapCreate = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "RequestResponse",
          "auditID": "1b2c3d4e-aaaa-4bbb-8ccc-ddddeeeeffff",
          "stage": "ResponseComplete",
          "requestURI": "/api/v1/namespaces/shop/configmaps",
          "verb": "create",
          "user": { "username": "alice@example.com", "groups": ["developers", "system:authenticated"] },
          "objectRef": { "resource": "configmaps", "namespace": "shop", "name": "web-config", "apiVersion": "v1" },
          "responseStatus": { "metadata": {}, "code": 201 },
          "requestObject": {
            "kind": "ConfigMap",
            "apiVersion": "v1",
            "metadata": { "name": "web-config", "namespace": "shop" },
            "data": { "LOG_LEVEL": "info", "UPSTREAM": "http://api.shop.svc:8080" }
          },
          "stageTimestamp": "2026-11-21T23:43:00.000000Z",
          "annotations": { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" }
        }
        """;

    public const string ClusterRoleCreate = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "RequestResponse",
          "auditID": "2c3d4e5f-0000-4111-8222-333344445555",
          "stage": "ResponseComplete",
          "requestURI": "/apis/rbac.authorization.k8s.io/v1/clusterroles",
          "verb": "create",
          "user": { "username": "alice@example.com", "groups": ["system:authenticated"] },
          "objectRef": { "resource": "clusterroles", "name": "pod-reader", "apiGroup": "rbac.authorization.k8s.io", "apiVersion": "v1" },
          "responseStatus": { "metadata": {}, "code": 201 },
          "requestObject": {
            "kind": "ClusterRole",
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "metadata": { "name": "pod-reader" },
            "rules": [
              { "apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"] },
              { "apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get"] }
            ]
          },
          "stageTimestamp": "2026-11-21T23:44:00.000000Z",
          "annotations": { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding \"cluster-admins\"" }
        }
        """;

    public const string AnonymousGet = """
        {
          "kind": "Event",
          "apiVersion": "audit.k8s.io/v1",
          "level": "Metadata",
          "auditID": "3d4e5f60-1234-4567-89ab-cdef01234567",
          "stage": "ResponseComplete",
          "requestURI": "/api/v1/namespaces/kube-system/configmaps",
          "verb": "list",
          "user": { "username": "system:anonymous", "groups": ["system:unauthenticated"] },
          "sourceIPs": ["203.0.113.7"],
          "userAgent": "curl/8.5.0",
          "objectRef": { "resource": "configmaps", "namespace": "kube-system", "apiVersion": "v1" },
          "responseStatus": { "metadata": {}, "code": 200 },
          "stageTimestamp": "2026-11-21T23:45:00.000000Z",
          "annotations": { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding \"oops\" of ClusterRole \"view\" to Group \"system:unauthenticated\"" }
        }
        """;

    /// <summary>Applies <paramref name="change"/> to a copy of <paramref name="json"/>.</summary>
    public static string With(string json, Action<JsonObject> change)
    {
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>Wraps events in the EventList the webhook backend POSTs.</summary>
    public static string List(params string[] events) =>
        "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + string.Join(",", events) + "]}";
}
