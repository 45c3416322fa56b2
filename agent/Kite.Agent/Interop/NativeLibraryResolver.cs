using System.Reflection;
using System.Runtime.InteropServices;

namespace Kite.Agent.Interop;

/// <summary>
/// Finds libkite.so: in KITE_NATIVE_DIR, next to the executable, or one folder up
/// (out/ holds the shim while out/agent/ holds the managed build).
/// </summary>
internal static class NativeLibraryResolver
{
    private static int s_installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 1)
            return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    /// <summary>The folders searched for native artifacts, in order.</summary>
    public static IEnumerable<string> SearchDirectories()
    {
        if (Environment.GetEnvironmentVariable("KITE_NATIVE_DIR") is { Length: > 0 } dir)
            yield return dir;
        yield return AppContext.BaseDirectory;
        yield return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ".."));
    }

    /// <summary>Full path of a native artifact (libkite.so, kite.bpf.o), or null.</summary>
    public static string? Find(string fileName)
    {
        foreach (string dir in SearchDirectories())
        {
            string candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != global::Interop.Libraries.Kite)
            return 0;
        string? path = Find("libkite.so");
        if (path is not null && NativeLibrary.TryLoad(path, out nint handle))
            return handle;
        return 0; // fall back to the default probing, which reports the standard DllNotFoundException
    }
}
