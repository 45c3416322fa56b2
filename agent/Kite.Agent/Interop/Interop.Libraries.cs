internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>Kite's native shim (native/shim), the control plane of the eBPF probe.</summary>
        internal const string Kite = "libkite";

        internal const string Libc = "libc";
    }
}
