namespace Kite.Agent.Events;

/// <summary>
/// Converts the probe's timestamps (CLOCK_BOOTTIME ns) to ns since the Unix epoch (evt.time, proc.start_ts).
/// The offset is sampled once; <see cref="Resync"/> re-samples it (after a wall-clock step).
/// </summary>
internal static class BootClock
{
    private static long s_offset = Sample();

    public static ulong ToEpoch(ulong bootNs) => (ulong)((long)bootNs + Volatile.Read(ref s_offset));

    /// <summary>Now, in the probe's clock.</summary>
    public static unsafe ulong NowBoot()
    {
        global::Interop.Libc.Timespec t;
        global::Interop.Libc.ClockGetTime(global::Interop.Libc.CLOCK_BOOTTIME, &t);
        return (ulong)(t.Seconds * 1_000_000_000 + t.Nanoseconds);
    }

    public static void Resync() => Volatile.Write(ref s_offset, Sample());

    private static unsafe long Sample()
    {
        global::Interop.Libc.Timespec boot, real;
        global::Interop.Libc.ClockGetTime(global::Interop.Libc.CLOCK_BOOTTIME, &boot);
        global::Interop.Libc.ClockGetTime(global::Interop.Libc.CLOCK_REALTIME, &real);
        return (real.Seconds - boot.Seconds) * 1_000_000_000 + (real.Nanoseconds - boot.Nanoseconds);
    }
}
