using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int CLOCK_REALTIME = 0;
        internal const int CLOCK_BOOTTIME = 7;

        [StructLayout(LayoutKind.Sequential)]
        internal struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "clock_gettime")]
        [System.Runtime.InteropServices.SuppressGCTransition]
        internal static unsafe partial int ClockGetTime(int clock, Timespec* time);
    }
}
