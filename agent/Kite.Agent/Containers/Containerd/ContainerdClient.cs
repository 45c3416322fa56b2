using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Kite.Agent.Containers.Containerd.Api;

namespace Kite.Agent.Containers.Containerd;

/// <summary>
/// Container metadata from containerd's own gRPC API over its unix socket: Containers (labels, image,
/// OCI spec), Images (manifest digest), Tasks (init pid, hence start time), and, for Kubernetes
/// containers, the pod sandbox's labels. Works for CRI (k8s.io namespace) and for ctr/nerdctl.
/// </summary>
internal sealed class ContainerdClient : IContainerRuntimeClient
{
    private const string NamespaceHeader = "containerd-namespace";
    private const string ContainersService = "/containerd.services.containers.v1.Containers/";
    private const string ImagesGet = "/containerd.services.images.v1.Images/Get";
    private const string TasksGet = "/containerd.services.tasks.v1.Tasks/Get";
    private const string VersionMethod = "/containerd.services.version.v1.Version/Version";

    private readonly UnixSocketGrpcCaller _grpc;
    private readonly IReadOnlyList<string> _namespaces;
    private readonly string _procRoot;

    public ContainerdClient(string socketPath, ContainerRuntimeOptions options)
    {
        _grpc = new UnixSocketGrpcCaller(socketPath, options.CallTimeout);
        _namespaces = options.ContainerdNamespaces;
        _procRoot = options.ProcRoot;
    }

    public string Name => "containerd " + _grpc.SocketPath;

    public string SocketPath => _grpc.SocketPath;

    public async Task<ContainerLookupResult> LookupAsync(ContainerId id, CancellationToken cancellationToken)
    {
        string fullId = id.ToFullString();
        foreach (string ns in _namespaces)
        {
            Container container;
            try
            {
                var response = await _grpc.CallAsync(ContainersService + "Get", new GetContainerRequest { Id = fullId },
                    GetContainerResponse.Parser, Namespace(ns), cancellationToken).ConfigureAwait(false);
                container = response.Container;
            }
            catch (GrpcCallException e) when (e.StatusCode == GrpcCallException.NotFound)
            {
                continue;
            }
            catch (Exception e) when (IsUnreachable(e, cancellationToken))
            {
                return ContainerLookupResult.Unavailable(Describe(e));
            }
            if (container is null)
                continue;
            return ContainerLookupResult.Found(await BuildRecordAsync(container, ns, cancellationToken).ConfigureAwait(false));
        }
        return ContainerLookupResult.NotFound();
    }

    public async Task<IReadOnlyList<ContainerRuntimeRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var records = new List<ContainerRuntimeRecord>();
        foreach (string ns in _namespaces)
        {
            var response = await _grpc.CallAsync(ContainersService + "List", new ListContainersRequest(),
                ListContainersResponse.Parser, Namespace(ns), cancellationToken).ConfigureAwait(false);
            foreach (Container c in response.Containers)
                records.Add(await BuildRecordAsync(c, ns, cancellationToken).ConfigureAwait(false));
        }
        return records;
    }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var response = await _grpc.CallAsync(VersionMethod, null, VersionResponse.Parser, [], cancellationToken).ConfigureAwait(false);
        return response.Version;
    }

    public void Dispose() => _grpc.Dispose();

    /// <summary>True for failures that mean "the runtime cannot be asked right now" rather than a bug.</summary>
    internal static bool IsUnreachable(Exception e, CancellationToken callerToken)
        => e switch
        {
            HttpRequestException or SocketException or IOException => true,
            GrpcCallException g => g.StatusCode is GrpcCallException.Unavailable or 4 /* DEADLINE_EXCEEDED */ or 1 /* CANCELLED */,
            OperationCanceledException => !callerToken.IsCancellationRequested, // our per-call timeout
            _ => false,
        };

    internal static string Describe(Exception e)
    {
        Exception inner = e;
        while (inner.InnerException is not null && inner is HttpRequestException)
            inner = inner.InnerException;
        return inner is OperationCanceledException ? "call timed out" : inner.Message;
    }

    private static KeyValuePair<string, string>[] Namespace(string ns) => [new(NamespaceHeader, ns)];

    private async Task<ContainerRuntimeRecord> BuildRecordAsync(Container c, string ns, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(c.Labels, StringComparer.Ordinal);

        OciSpecReader.Result? spec = null;
        if (c.Spec is { Value.Length: > 0 })
        {
            try
            {
                spec = OciSpecReader.Read(c.Spec.Value.Span);
            }
            catch (JsonException)
            {
                // A spec we cannot read leaves privileged and mounts missing, nothing more.
            }
        }

        string? digest = null;
        if (c.Image.Length > 0)
        {
            try
            {
                var image = await _grpc.CallAsync(ImagesGet, new GetImageRequest { Name = c.Image }, GetImageResponse.Parser,
                    Namespace(ns), cancellationToken).ConfigureAwait(false);
                digest = image.Image?.Target?.Digest is { Length: > 0 } d ? d : null;
            }
            catch (Exception e) when (e is GrpcCallException || IsUnreachable(e, cancellationToken))
            {
                // Image removed since the container was created: the digest stays missing.
            }
        }

        int pid = 0;
        try
        {
            var task = await _grpc.CallAsync(TasksGet, new GetTaskRequest { ContainerId = c.Id }, GetTaskResponse.Parser,
                Namespace(ns), cancellationToken).ConfigureAwait(false);
            pid = (int)(task.Process?.Pid ?? 0);
        }
        catch (Exception e) when (e is GrpcCallException || IsUnreachable(e, cancellationToken))
        {
            // No task (created, not started, or already deleted).
        }

        DateTimeOffset? start = pid > 0 ? ProcessStartTime(pid) : null;
        start ??= c.CreatedAt is { } created ? created.ToDateTimeOffset() : null;

        IReadOnlyDictionary<string, string>? podLabels = null;
        if (labels.TryGetValue(KubernetesLabels.PodUid, out string? podUid) && podUid.Length > 0)
            podLabels = await GetPodLabelsAsync(c, labels, podUid, ns, cancellationToken).ConfigureAwait(false);

        return new ContainerRuntimeRecord
        {
            Id = c.Id,
            Runtime = "containerd",
            Namespace = ns,
            ImageReference = c.Image.Length > 0 ? c.Image : null,
            ImageDigest = digest,
            Name = labels.TryGetValue("nerdctl/name", out string? name) ? name : null,
            Labels = labels,
            PodLabels = podLabels,
            Privileged = spec?.Privileged,
            Mounts = spec?.Mounts ?? [],
            StartTime = start,
            InitPid = pid,
        };
    }

    // The CRI plugin stores the pod's labels on the sandbox container (io.cri-containerd.kind=sandbox).
    private async Task<IReadOnlyDictionary<string, string>?> GetPodLabelsAsync(Container c, Dictionary<string, string> labels,
        string podUid, string ns, CancellationToken cancellationToken)
    {
        IDictionary<string, string>? sandboxLabels = null;
        if (labels.TryGetValue(KubernetesLabels.CriContainerdKind, out string? kind) && kind == "sandbox")
        {
            sandboxLabels = labels;
        }
        else
        {
            try
            {
                string filter = $"labels.\"{KubernetesLabels.CriContainerdKind}\"==sandbox,labels.\"{KubernetesLabels.PodUid}\"=={Quote(podUid)}";
                var response = await _grpc.CallAsync(ContainersService + "List", new ListContainersRequest { Filters = { filter } },
                    ListContainersResponse.Parser, Namespace(ns), cancellationToken).ConfigureAwait(false);
                sandboxLabels = response.Containers.FirstOrDefault(s => s.Id != c.Id)?.Labels;
            }
            catch (Exception e) when (e is GrpcCallException || IsUnreachable(e, cancellationToken))
            {
            }
        }
        if (sandboxLabels is null)
            return null;
        var podLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> l in sandboxLabels)
        {
            if (!KubernetesLabels.IsRuntimeBookkeeping(l.Key))
                podLabels[l.Key] = l.Value;
        }
        return podLabels;
    }

    // containerd filter values are quoted when they hold anything beyond [A-Za-z0-9_.-].
    private static string Quote(string value)
        => value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Start time of a host process from /proc/PID/stat (field 22, clock ticks since boot) and /proc/uptime.</summary>
    private DateTimeOffset? ProcessStartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText(Path.Join(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            string uptimeText = File.ReadAllText(Path.Join(_procRoot, "uptime"));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            // Fields after "(comm)" start at field 3 (state); starttime is field 22.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long startTicks = long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
            double uptime = double.Parse(uptimeText.AsSpan(0, uptimeText.IndexOf(' ')), CultureInfo.InvariantCulture);
            // USER_HZ is 100 on every Linux ABI the agent supports.
            return now - TimeSpan.FromSeconds(uptime) + TimeSpan.FromSeconds(startTicks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
