using System.Buffers;
using System.Buffers.Text;
using Kite.Rules.Binding;

namespace Kite.Rules.Compilation;

/// <summary>Applies text transformers into buffers owned by one node (grown on demand, then reused: no allocation in steady state).</summary>
internal sealed class Transformation(TransformerKind[] transformers)
{
    private byte[] _a = new byte[256];
    private byte[] _b = new byte[256];

    public TransformerKind[] Transformers { get; } = transformers;

    /// <summary>Applies the text transformers (all but a final `len`); false if a step fails (bad base64).</summary>
    public bool TryApply(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> result)
    {
        bool useA = true;
        foreach (TransformerKind kind in Transformers)
        {
            if (kind == TransformerKind.Length)
                break;
            byte[] target = useA ? _a : _b;
            if (target.Length < value.Length + 4)
            {
                target = new byte[Math.Max(value.Length + 4, target.Length * 2)];
                if (useA) _a = target; else _b = target;
            }
            switch (kind)
            {
                case TransformerKind.ToLower:
                    for (int i = 0; i < value.Length; i++)
                        target[i] = value[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(value[i] + 32) : value[i];
                    value = target.AsSpan(0, value.Length);
                    break;
                case TransformerKind.ToUpper:
                    for (int i = 0; i < value.Length; i++)
                        target[i] = value[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(value[i] - 32) : value[i];
                    value = target.AsSpan(0, value.Length);
                    break;
                case TransformerKind.Basename:
                    int slash = value.LastIndexOf((byte)'/');
                    value = slash < 0 ? value : value[(slash + 1)..];
                    break;
                case TransformerKind.Base64:
                    value.CopyTo(target);
                    int length = value.Length;
                    while (length % 4 != 0)
                        target[length++] = (byte)'=';
                    if (Base64.DecodeFromUtf8InPlace(target.AsSpan(0, length), out int written) != OperationStatus.Done)
                    {
                        result = default;
                        return false;
                    }
                    value = target.AsSpan(0, written);
                    break;
            }
            useA = !useA;
        }
        result = value;
        return true;
    }
}
