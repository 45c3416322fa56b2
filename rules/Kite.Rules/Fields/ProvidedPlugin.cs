namespace Kite.Rules.Fields;

/// <summary>
/// A Falco plugin whose fields a catalog provides built in (e.g. `container` 0.4.x, `k8saudit`, `json`):
/// it satisfies `required_plugin_versions` entries of that name with a compatible version.
/// </summary>
public sealed record ProvidedPlugin(string Name, string Version);
