using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Kite.Rules.Fields;

/// <summary>
/// The DNS cache behind host-name fields (`fd.sip.name = kubernetes.default.svc.cluster.local`): a
/// condition compares the fd's address with the addresses its right-hand names resolve to. Names are
/// resolved off the evaluating thread, at first use and then every <see cref="RefreshInterval"/>; until
/// a name resolves, and while a refresh fails, the last known addresses (or none) are used.
/// The same names render host-name fields in outputs (<see cref="TryGetName"/>): as in Falco, only names
/// some condition watches are known, and no reverse (PTR) lookup is made.
/// </summary>
public sealed class HostNameResolver : IDisposable
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly List<HostNameSet> _sets = [];
    private readonly ConcurrentDictionary<string, IPAddress[]> _pinned = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private Dictionary<NetAddress, byte[]> _namesByAddress = [];

    /// <param name="resolve">Name lookup (tests inject their own); default: the system resolver.</param>
    public HostNameResolver(Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, TimeSpan? refreshInterval = null)
    {
        _resolve = resolve ?? ((name, ct) => Dns.GetHostAddressesAsync(name, ct));
        RefreshInterval = refreshInterval ?? TimeSpan.FromMinutes(1);
        _timer = new Timer(_ => _ = RefreshAllAsync(), null, RefreshInterval, RefreshInterval);
    }

    /// <summary>The resolver rule sets use unless their catalog names another.</summary>
    public static HostNameResolver Shared { get; } = new();

    public TimeSpan RefreshInterval { get; }

    /// <summary>A set of addresses kept current for <paramref name="names"/>; resolution starts in the background.</summary>
    public HostNameSet Track(IReadOnlyList<string> names)
    {
        var set = new HostNameSet(names);
        lock (_lock)
            _sets.Add(set);
        _ = RefreshAsync(set);
        return set;
    }

    /// <summary>
    /// Fixes the addresses of a name instead of asking DNS: for names the node cannot resolve itself
    /// (a cluster-internal service name seen from the host network), and for tests.
    /// </summary>
    public void Pin(string name, params IPAddress[] addresses)
    {
        _pinned[name] = addresses;
        _ = RefreshAllAsync();
    }

    /// <summary>Resolves every tracked set again (also run by the timer).</summary>
    public async Task RefreshAllAsync()
    {
        HostNameSet[] sets;
        lock (_lock)
            sets = [.. _sets];
        foreach (HostNameSet set in sets)
            await RefreshAsync(set).ConfigureAwait(false);
    }

    /// <summary>
    /// The watched name an address belongs to (UTF-8), for rendering `fd.sip.name` and its kin: the first
    /// name, in the order conditions named them, whose current addresses include it. Lock-free, no allocation.
    /// </summary>
    public bool TryGetName(in NetAddress address, out byte[] name) =>
        Volatile.Read(ref _namesByAddress).TryGetValue(address, out name!);

    private void PublishNames()
    {
        var byAddress = new Dictionary<NetAddress, byte[]>();
        lock (_lock)
        {
            foreach (HostNameSet set in _sets)
            {
                foreach (var (name, addresses) in set.ByName)
                {
                    byte[]? utf8 = null;
                    foreach (NetAddress a in addresses)
                        byAddress.TryAdd(a, utf8 ??= System.Text.Encoding.UTF8.GetBytes(name));
                }
            }
        }
        Volatile.Write(ref _namesByAddress, byAddress);
    }

    private async Task RefreshAsync(HostNameSet set)
    {
        var addresses = new HashSet<NetAddress>(set.Current);
        var byName = new List<(string, NetAddress[])>(set.ByName);
        bool any = false;
        foreach (string name in set.Names)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                IPAddress[] found = _pinned.TryGetValue(name, out IPAddress[]? pinned) ? pinned : await _resolve(name, timeout.Token).ConfigureAwait(false);
                NetAddress[] ofName = [.. found
                    .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                    .Select(NetAddress.FromIPAddress)];
                addresses.UnionWith(ofName);
                byName.RemoveAll(entry => string.Equals(entry.Item1, name, StringComparison.OrdinalIgnoreCase));
                byName.Add((name, ofName));
                any = true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
            {
                // Unknown or unreachable name: keep what was known; the next refresh tries again.
            }
        }
        if (any)
        {
            byName.Sort((x, y) => IndexOf(set.Names, x.Item1).CompareTo(IndexOf(set.Names, y.Item1)));
            set.Publish(addresses, byName);
            PublishNames();
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return names.Count;
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>The current addresses of some host names; replaced as a whole on each refresh, read without locks.</summary>
public sealed class HostNameSet
{
    private HashSet<NetAddress> _current = [];
    private IReadOnlyList<(string Name, NetAddress[] Addresses)> _byName = [];

    internal HostNameSet(IReadOnlyList<string> names) => Names = names;

    public IReadOnlyList<string> Names { get; }

    public HashSet<NetAddress> Current => Volatile.Read(ref _current);

    public bool Contains(in NetAddress address) => Volatile.Read(ref _current).Contains(address);

    /// <summary>The addresses of each name that has resolved, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<(string Name, NetAddress[] Addresses)> ByName => Volatile.Read(ref _byName);

    internal void Publish(HashSet<NetAddress> addresses, IReadOnlyList<(string Name, NetAddress[] Addresses)> byName)
    {
        Volatile.Write(ref _byName, byName);
        Volatile.Write(ref _current, addresses);
    }
}
