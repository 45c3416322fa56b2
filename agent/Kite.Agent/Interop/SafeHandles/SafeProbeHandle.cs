using System.Runtime.InteropServices;

namespace Kite.Agent.Interop.SafeHandles;

/// <summary>Owns a loaded probe (kite_probe*); releasing it detaches and frees the probe and its maps.</summary>
internal sealed class SafeProbeHandle : SafeHandle
{
    public SafeProbeHandle() : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        global::Interop.Kite.ProbeClose(handle);
        return true;
    }
}
