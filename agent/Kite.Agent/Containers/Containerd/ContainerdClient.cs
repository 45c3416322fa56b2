using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Kite.Agent.Containers.Containerd.Api;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;

namespace Kite.Agent.Containers.Containerd;

/// <summary>
/// Container metadata from containerd's own gRPC API over its unix socket: Containers (labels, image,
/// OCI spec), Images (manifest digest), Tasks (init pid, hence start time), and, for Kubernetes
/// containers, the pod sandbox's labels. Works for CRI (k8s.io namespace) and for ctr/nerdctl.
/// </summary>
internal sealed class ContainerdClient : IContainerRuntimeClient
{
    private readonly GrpcChannel _channel;
    private readonly IReadOnlyList<string> _namespaces;
    private readonly string _procRoot;
    private readonly TimeSpan _callTimeout;
    // One set of call options per namespace: the namespace travels as metadata on every call.
    private readonly Dictionary<string, GrpcCallOptions> _callOptions = new(StringComparer.Ordinal);

    public ContainerdClient(string socketPath, ContainerRuntimeOptions options)
    {
        SocketPath = socketPath;
        _channel = GrpcChannel.Create(new GrpcChannelOptions
        {
            Address = "unix://" + socketPath,
            ConnectTimeout = options.CallTimeout,
        });
        _namespaces = options.ContainerdNamespaces;
        _procRoot = options.ProcRoot;
        _callTimeout = options.CallTimeout;
        foreach (string ns in _namespaces)
            _callOptions[ns] = new GrpcCallOptions
            {
                Timeout = options.CallTimeout,
                Headers = new Dictionary<string, string> { [ContainerdApi.NamespaceHeader] = ns },
            };
    }

    public string Name => "containerd " + SocketPath;

    public string SocketPath { get; }

    public async Task<ContainerLookupResult> LookupAsync(ContainerId id, CancellationToken cancellationToken)
    {
        string fullId = id.ToFullString();
        foreach (string ns in _namespaces)
        {
            Container container;
            try
            {
                var response = await _channel.UnaryAsync(ContainerdApi.GetContainer, new GetContainerRequest { Id = fullId },
                    Options(ns, cancellationToken)).ConfigureAwait(false);
                container = response.Container;
            }
            catch (GrpcException e) when (e.StatusCode == GrpcStatusCode.NotFound)
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
            var response = await _channel.UnaryAsync(ContainerdApi.ListContainers, new ListContainersRequest(),
                Options(ns, cancellationToken)).ConfigureAwait(false);
            foreach (Container c in response.Containers)
                records.Add(await BuildRecordAsync(c, ns, cancellationToken).ConfigureAwait(false));
        }
        return records;
    }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var response = await _channel.UnaryAsync(ContainerdApi.Version, new Empty(),
            new GrpcCallOptions { Timeout = _callTimeout, CancellationToken = cancellationToken }).ConfigureAwait(false);
        return response.Version;
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>True for failures that mean "the runtime cannot be asked right now" rather than a bug.</summary>
    internal static bool IsUnreachable(Exception e, CancellationToken callerToken)
        => e switch
        {
            HttpRequestException or SocketException or IOException => true,
            // Unimplemented: something else listens there (a CRI-O socket in the list); it cannot answer either.
            GrpcException g => g.StatusCode is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded
                    or GrpcStatusCode.Unimplemented or GrpcStatusCode.PermissionDenied
                || (g.StatusCode == GrpcStatusCode.Cancelled && !callerToken.IsCancellationRequested),
            OperationCanceledException => !callerToken.IsCancellationRequested, // our per-call timeout
            _ => false,
        };

    internal static string Describe(Exception e)
    {
        // The transport's own words are the useful part ("Connection refused", "No such file or directory").
        Exception inner = e;
        while (inner.InnerException is not null && inner is HttpRequestException or GrpcException)
            inner = inner.InnerException;
        return inner is OperationCanceledException ? "call timed out" : inner.Message;
    }

    private GrpcCallOptions Options(string ns, CancellationToken cancellationToken)
        => _callOptions[ns] with { CancellationToken = cancellationToken };

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
                var image = await _channel.UnaryAsync(ContainerdApi.GetImage, new GetImageRequest { Name = c.Image },
                    Options(ns, cancellationToken)).ConfigureAwait(false);
                digest = image.Image?.Target?.Digest is { Length: > 0 } d ? d : null;
            }
            catch (Exception e) when (e is GrpcException || IsUnreachable(e, cancellationToken))
            {
                // Image removed since the container was created: the digest stays missing.
            }
        }

        int pid = 0;
        try
        {
            var task = await _channel.UnaryAsync(ContainerdApi.GetTask, new GetTaskRequest { ContainerId = c.Id },
                Options(ns, cancellationToken)).ConfigureAwait(false);
            pid = (int)(task.Process?.Pid ?? 0);
        }
        catch (Exception e) when (e is GrpcException || IsUnreachable(e, cancellationToken))
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
                var response = await _channel.UnaryAsync(ContainerdApi.ListContainers, new ListContainersRequest { Filters = { filter } },
                    Options(ns, cancellationToken)).ConfigureAwait(false);
                sandboxLabels = response.Containers.FirstOrDefault(s => s.Id != c.Id)?.Labels;
            }
            catch (Exception e) when (e is GrpcException || IsUnreachable(e, cancellationToken))
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
