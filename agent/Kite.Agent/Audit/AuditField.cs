namespace Kite.Agent.Audit;

/// <summary>
/// The fields of the k8s_audit source, numbered as in <see cref="AuditFieldCatalog"/> (the value is the
/// catalog's field id, so the source switches on it directly).
/// </summary>
internal enum AuditField
{
    // Generic event fields.
    EventNumber,
    EventTime,
    EventTimeIso8601,
    EventRawTime,

    // json plugin (jevt.* and its json.* spelling).
    JsonValue,
    JsonObject,
    JsonRawTime,
    JsonValueAlias,
    JsonObjectAlias,
    JsonRawTimeAlias,

    // k8saudit plugin: the request.
    AuditId,
    Stage,
    AuthDecision,
    AuthReason,
    UserName,
    UserGroups,
    ImpersonatedUserName,
    Verb,
    Uri,
    UriParam,
    UserAgent,
    SourceIps,

    // The object the request targets.
    TargetName,
    TargetNamespace,
    TargetResource,
    TargetSubresource,

    // The request object.
    BindingSubjects,
    BindingRole,
    ConfigMapName,
    ConfigMapObject,
    PodContainersImage,
    PodContainersImageRepository,
    PodContainersPrivileged,
    PodInitContainersImage,
    PodInitContainersImageRepository,
    PodInitContainersPrivileged,
    PodEphemeralContainersImage,
    PodEphemeralContainersImageRepository,
    PodEphemeralContainersPrivileged,
    PodHostIpc,
    PodHostNetwork,
    PodHostPid,
    PodVolumesHostPath,
    RoleRules,
    RoleRulesVerbs,
    RoleRulesResources,
    RoleRulesApiGroups,
    ServiceType,
    ServicePorts,

    // The response.
    ResponseName,
    ResponseCode,
    ResponseReason,
}
