using System.Runtime.CompilerServices;
using Kite.TestUtilities;

namespace Kite.Agent.Tests;

internal static class NativeDirectoryInitializer
{
    /// <summary>Points the agent's native-library resolver at out/ (where `make build` puts libkite.so) unless KITE_NATIVE_DIR is set.</summary>
    [ModuleInitializer]
    internal static void PointAtBuildOutput()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KITE_NATIVE_DIR")))
            Environment.SetEnvironmentVariable("KITE_NATIVE_DIR", TestEnvironment.OutDir);
    }
}
