namespace Kite.Agent.State;

/// <summary>Counters of the state tables. Written by the capture thread only.</summary>
internal sealed class StateStats
{
    public ulong ThreadsAdded;
    public ulong ThreadsRemoved;

    /// <summary>Threads removed to stay under <see cref="StateLimits.MaxThreads"/>.</summary>
    public ulong ThreadsEvicted;

    /// <summary>Events of a thread the table did not know (it was then read from /proc, or the event lost its context).</summary>
    public ulong ThreadMisses;

    /// <summary>Threads read from /proc on a miss.</summary>
    public ulong ThreadsLoadedFromProc;

    /// <summary>Orphaned processes given to their new parent (a child subreaper or init) when theirs exited.</summary>
    public ulong ProcessesReparented;

    public ulong FdsAdded;
    public ulong FdsRemoved;

    /// <summary>Fds not tracked because the process reached <see cref="StateLimits.MaxFdsPerProcess"/>.</summary>
    public ulong FdsDroppedAtLimit;

    /// <summary>Events naming an fd the table did not know.</summary>
    public ulong FdMisses;

    /// <summary>Parameters that could not be used (wrong width, unparseable tuple).</summary>
    public ulong BadParams;
}
