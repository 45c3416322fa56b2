using Kite.Rules.Fields;

namespace Kite.Agent.Audit;

internal sealed partial class AuditFieldCatalog
{
    private const FieldFlags ListWithIndex = FieldFlags.List | FieldFlags.ArgumentOptional;

    // One descriptor per AuditField value, in the same order (FieldCatalog checks it). Every ka.*/jevt.*
    // value is text, as in the plugins: numbers and booleans of the event are rendered (`201`, `true`).
    private static FieldDescriptor[] CreateFields() =>
    [
        new((int)AuditField.EventNumber, "evt.num", FieldType.UInt64, "Sequence number of the audit event, assigned by the agent, starting at 1.", flags: FieldFlags.EventNumber),
        new((int)AuditField.EventTime, "evt.time", FieldType.AbsTime, "Event time (the stage timestamp), ns since the epoch; rendered as local HH:MM:SS.nnnnnnnnn in text.", display: FieldDisplay.TimeOfDay),
        new((int)AuditField.EventTimeIso8601, "evt.time.iso8601", FieldType.AbsTime, "Event time rendered as YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000 in text.", display: FieldDisplay.Iso8601),
        new((int)AuditField.EventRawTime, "evt.rawtime", FieldType.AbsTime, "Event time, ns since the epoch, as a number."),

        new((int)AuditField.JsonValue, "jevt.value", FieldType.String, "Value at a JSON pointer in the audit event, e.g. jevt.value[/stage]; strings as-is, other values as compact JSON.", flags: FieldFlags.ArgumentRequired, argumentKind: FieldArgumentKind.Key),
        new((int)AuditField.JsonObject, "jevt.obj", FieldType.String, "The whole audit event as compact JSON text."),
        new((int)AuditField.JsonRawTime, "jevt.rawtime", FieldType.String, "Event time, ns since the epoch, as text; always present."),
        new((int)AuditField.JsonValueAlias, "json.value", FieldType.String, "Same as jevt.value.", flags: FieldFlags.ArgumentRequired, argumentKind: FieldArgumentKind.Key),
        new((int)AuditField.JsonObjectAlias, "json.obj", FieldType.String, "Same as jevt.obj."),
        new((int)AuditField.JsonRawTimeAlias, "json.rawtime", FieldType.String, "Same as jevt.rawtime."),

        new((int)AuditField.AuditId, "ka.auditid", FieldType.String, "Unique id of the audit record (auditID)."),
        new((int)AuditField.Stage, "ka.stage", FieldType.String, "Stage of the request: RequestReceived, ResponseStarted, ResponseComplete or Panic."),
        new((int)AuditField.AuthDecision, "ka.auth.decision", FieldType.String, "Authorization decision annotation (allow or forbid)."),
        new((int)AuditField.AuthReason, "ka.auth.reason", FieldType.String, "Authorization reason annotation (which binding allowed the request)."),
        new((int)AuditField.UserName, "ka.user.name", FieldType.String, "Name of the authenticated user that made the request."),
        new((int)AuditField.UserGroups, "ka.user.groups", FieldType.String, "Groups of the authenticated user (list).", flags: FieldFlags.List),
        new((int)AuditField.ImpersonatedUserName, "ka.impuser.name", FieldType.String, "Name of the impersonated user, when the request used impersonation."),
        new((int)AuditField.Verb, "ka.verb", FieldType.String, "Request verb: get, list, watch, create, update, patch, delete, deletecollection."),
        new((int)AuditField.Uri, "ka.uri", FieldType.String, "Request URI as sent by the client, with the query string."),
        new((int)AuditField.UriParam, "ka.uri.param", FieldType.String, "First value of a query parameter of the request URI, e.g. ka.uri.param[command].", flags: FieldFlags.ArgumentRequired, argumentKind: FieldArgumentKind.Key),
        new((int)AuditField.UserAgent, "ka.useragent", FieldType.String, "User agent of the client."),
        new((int)AuditField.SourceIps, "ka.sourceips", FieldType.String, "Client addresses of the request, nearest proxy last (list).", flags: FieldFlags.List),

        new((int)AuditField.TargetName, "ka.target.name", FieldType.String, "Name of the object the request targets."),
        new((int)AuditField.TargetNamespace, "ka.target.namespace", FieldType.String, "Namespace of the object the request targets."),
        new((int)AuditField.TargetResource, "ka.target.resource", FieldType.String, "Resource of the object the request targets (pods, secrets, ...)."),
        new((int)AuditField.TargetSubresource, "ka.target.subresource", FieldType.String, "Subresource the request targets (exec, attach, log, status, ...); missing if none."),

        new((int)AuditField.BindingSubjects, "ka.req.binding.subjects", FieldType.String, "Subjects of a RoleBinding/ClusterRoleBinding request, as JSON texts (list).", flags: FieldFlags.List),
        new((int)AuditField.BindingRole, "ka.req.binding.role", FieldType.String, "Role named by the roleRef of a RoleBinding/ClusterRoleBinding request."),
        new((int)AuditField.ConfigMapName, "ka.req.configmap.name", FieldType.String, "Name of the ConfigMap of the request."),
        new((int)AuditField.ConfigMapObject, "ka.req.configmap.obj", FieldType.String, "Data of the ConfigMap in the request, as compact JSON text."),
        new((int)AuditField.PodContainersImage, "ka.req.pod.containers.image", FieldType.String, "Image of each container of the pod in the request (list; [N] selects one).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodContainersImageRepository, "ka.req.pod.containers.image.repository", FieldType.String, "Image of each container without tag or digest (list; [N] selects one).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodContainersPrivileged, "ka.req.pod.containers.privileged", FieldType.String, "securityContext.privileged of each container that sets it, true/false (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodInitContainersImage, "ka.req.pod.initContainers.image", FieldType.String, "Image of each init container (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodInitContainersImageRepository, "ka.req.pod.initContainers.image.repository", FieldType.String, "Image of each init container without tag or digest (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodInitContainersPrivileged, "ka.req.pod.initContainers.privileged", FieldType.String, "securityContext.privileged of each init container that sets it (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodEphemeralContainersImage, "ka.req.pod.ephemeralContainers.image", FieldType.String, "Image of each ephemeral container (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodEphemeralContainersImageRepository, "ka.req.pod.ephemeralContainers.image.repository", FieldType.String, "Image of each ephemeral container without tag or digest (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodEphemeralContainersPrivileged, "ka.req.pod.ephemeralContainers.privileged", FieldType.String, "securityContext.privileged of each ephemeral container that sets it (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.PodHostIpc, "ka.req.pod.host_ipc", FieldType.String, "hostIPC of the pod spec in the request (true/false)."),
        new((int)AuditField.PodHostNetwork, "ka.req.pod.host_network", FieldType.String, "hostNetwork of the pod spec in the request (true/false)."),
        new((int)AuditField.PodHostPid, "ka.req.pod.host_pid", FieldType.String, "hostPID of the pod spec in the request (true/false)."),
        new((int)AuditField.PodVolumesHostPath, "ka.req.pod.volumes.hostpath", FieldType.String, "Host path of each hostPath volume of the pod (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.RoleRules, "ka.req.role.rules", FieldType.String, "Rules of a Role/ClusterRole request, as JSON texts (list).", flags: FieldFlags.List),
        new((int)AuditField.RoleRulesVerbs, "ka.req.role.rules.verbs", FieldType.String, "Verbs of every rule of a Role/ClusterRole request (list; [N] = rule N).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.RoleRulesResources, "ka.req.role.rules.resources", FieldType.String, "Resources of every rule of a Role/ClusterRole request (list; [N] = rule N).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.RoleRulesApiGroups, "ka.req.role.rules.apiGroups", FieldType.String, "API groups of every rule of a Role/ClusterRole request (list; [N] = rule N).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),
        new((int)AuditField.ServiceType, "ka.req.service.type", FieldType.String, "Type of the Service in the request (ClusterIP, NodePort, LoadBalancer, ExternalName)."),
        new((int)AuditField.ServicePorts, "ka.req.service.ports", FieldType.String, "Ports of the Service in the request, as JSON texts (list).", flags: ListWithIndex, argumentKind: FieldArgumentKind.Index),

        new((int)AuditField.ResponseName, "ka.resp.name", FieldType.String, "Name of the object in the response (metadata.name)."),
        new((int)AuditField.ResponseCode, "ka.response.code", FieldType.String, "HTTP status code of the response, as text (e.g. 201)."),
        new((int)AuditField.ResponseReason, "ka.response.reason", FieldType.String, "Reason of a failed response (responseStatus.reason)."),
    ];
}
