using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Kite.Agent.Events;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Interop;

/// <summary>
/// Checks every C# mirror of a native struct against the C headers: a C file of
/// <c>_Static_assert(offsetof/sizeof ...)</c> lines is generated from the C# layout by
/// reflection and compiled with cc against native/include and native/shim.
/// </summary>
public sealed class StructLayoutTests
{
    /// <summary>C# type -> C type and the C field of each C# field, in declaration order.</summary>
    private static readonly (Type Type, string CType, string[] CFields)[] s_mirrors =
    [
        (typeof(EventHeader), "struct kite_event_header", ["ts_ns", "tid", "pid", "len", "type", "nparams", "flags", "cpu", "reserved"]),
        (typeof(global::Interop.Kite.ProbeOptions), "kite_probe_options", ["ringbuf_bytes", "agent_tgid", "wakeup_threshold", "args_bytes"]),
        (typeof(global::Interop.Kite.ProbeCounters), "struct kite_probe_counters", ["events_emitted", "drops"]),
    ];

    [Fact]
    public void CSharpMirrorsMatchTheNativeLayout()
    {
        var source = new StringBuilder();
        source.AppendLine("#include <stddef.h>");
        source.AppendLine("#include \"kite.h\"");
        foreach (var (type, cType, cFields) in s_mirrors)
        {
            FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            Assert.True(fields.Length == cFields.Length, $"{type.Name} has {fields.Length} fields, the test maps {cFields.Length}");
            source.AppendLine($"_Static_assert(sizeof({cType}) == {Marshal.SizeOf(type)}, \"sizeof {type.Name}\");");
            for (int i = 0; i < fields.Length; i++)
            {
                string name = fields[i].Name;
                int offset = (int)Marshal.OffsetOf(type, name);
                int size = Marshal.SizeOf(fields[i].FieldType);
                source.AppendLine($"_Static_assert(offsetof({cType}, {cFields[i]}) == {offset}, \"offset of {type.Name}.{name}\");");
                source.AppendLine($"_Static_assert(sizeof((({cType} *)0)->{cFields[i]}) == {size}, \"size of {type.Name}.{name}\");");
            }
        }

        string file = Path.Combine(Path.GetTempPath(), $"kite-layout-{Environment.ProcessId}.c");
        File.WriteAllText(file, source.ToString());
        try
        {
            var (exitCode, output) = RunCompiler(file);
            Assert.True(exitCode == 0, $"layout drift between C# and C:\n{output}\n--- generated checks ---\n{source}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void EveryBlittableStructOfTheEventsNamespaceIsChecked()
    {
        Assert.True(IsNativeMirror(typeof(EventHeader)), "the [StructLayout] marker is not detected: this check would pass vacuously");
        var covered = s_mirrors.Select(m => m.Type).ToHashSet();
        var unchecked_ = typeof(EventHeader).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EventHeader).Namespace && IsNativeMirror(t) && !covered.Contains(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(unchecked_.Count == 0, $"add these to {nameof(StructLayoutTests)}.s_mirrors: {string.Join(", ", unchecked_)}");
    }

    [Fact]
    public void EventHeaderIsThirtyTwoBytes()
    {
        Assert.Equal(EventHeader.Size, Marshal.SizeOf<EventHeader>());
        Assert.Equal(EventHeader.Size, Unsafe.SizeOf<EventHeader>());
    }

    /// <summary>
    /// A native mirror: a mutable struct made only of primitive fields and fixed buffers
    /// ([StructLayout] itself is a pseudo-attribute that reflection does not report).
    /// Readonly structs, records and ref structs are views and values, not mirrors.
    /// </summary>
    private static bool IsNativeMirror(Type t) =>
        t.IsValueType && !t.IsEnum && !t.IsByRefLike && !t.IsGenericTypeDefinition &&
        !t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute") &&
        t.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic) is null &&
        t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is { Length: > 0 } fields &&
        fields.All(f => f.FieldType.IsPrimitive || f.GetCustomAttribute<FixedBufferAttribute>() is not null);

    private static (int ExitCode, string Output) RunCompiler(string file)
    {
        string native = Path.Combine(TestEnvironment.RepoRoot, "native");
        var psi = new ProcessStartInfo("cc")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string arg in new[] { "-std=gnu11", "-fsyntax-only", "-Wall", "-Werror", "-I", Path.Combine(native, "include"), "-I", Path.Combine(native, "shim"), file })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr);
    }
}
