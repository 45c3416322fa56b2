using System.Text;

namespace Kite.Protocol.Grpc;

/// <summary>
/// Percent-encoding of `grpc-message`: UTF-8 bytes outside printable ASCII (0x20-0x7E) and `%`
/// itself are sent as `%XX`; a decoder keeps malformed escapes as they are.
/// </summary>
public static class GrpcStatusMessage
{
    public static string Encode(string message)
    {
        bool plain = true;
        foreach (char c in message)
        {
            if (c < 0x20 || c > 0x7E || c == '%')
            {
                plain = false;
                break;
            }
        }
        if (plain)
            return message;
        var sb = new StringBuilder(message.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(message))
        {
            if (b < 0x20 || b > 0x7E || b == '%')
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append((char)b);
        }
        return sb.ToString();
    }

    public static string Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
            return "";
        if (!encoded.Contains('%', StringComparison.Ordinal))
            return encoded;
        var bytes = new List<byte>(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                bytes.Add((byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2])));
                i += 2;
            }
            else
            {
                // Non-ASCII characters are not legal in a header; keep whatever arrived.
                if (c > 0x7F)
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                else
                    bytes.Add((byte)c);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
