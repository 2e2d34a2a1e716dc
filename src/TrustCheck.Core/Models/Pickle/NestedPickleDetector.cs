using System.Text;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>Recognises a pickle hidden in a data value: raw bytes, base64 text or hex text that decode to a PROTO 2–5 header.</summary>
internal static class NestedPickleDetector
{
    private const int MinimumLength = 4;

    /// <summary>Cheap gate before any decoding: could these first bytes (after leading whitespace) start an embedded pickle?</summary>
    public static bool LooksLikeStart(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 2 && prefix[0] == 0x80)
        {
            return prefix[1] is >= 2 and <= 5;
        }

        var start = 0;
        while (start < prefix.Length && prefix[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return prefix.Length - start >= 2 &&
            ((prefix[start] == 'g' && prefix[start + 1] == 'A') || (prefix[start] == '8' && prefix[start + 1] == '0'));
    }

    /// <summary>The decoded candidate pickle, or null when the value is not one.</summary>
    public static byte[]? Decode(byte[] data, out NestedPickleEncoding encoding)
    {
        encoding = NestedPickleEncoding.Raw;
        if (data.Length < MinimumLength)
        {
            return null;
        }

        if (IsProtoHeader(data))
        {
            return data;
        }

        // base64 and hex are ASCII, so Latin-1 gives the same text whatever opcode carried it.
        var trimmed = Encoding.Latin1.GetString(data).Trim();
        if (trimmed.StartsWith("gA", StringComparison.Ordinal))
        {
            var decoded = TryBase64(trimmed);
            if (decoded is not null && IsProtoHeader(decoded))
            {
                encoding = NestedPickleEncoding.Base64;
                return decoded;
            }
        }

        if (trimmed.Length % 2 == 0 && trimmed.StartsWith("80", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Convert.FromHexString(trimmed);
                if (IsProtoHeader(decoded))
                {
                    encoding = NestedPickleEncoding.Hex;
                    return decoded;
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsProtoHeader(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0x80 && data[1] is >= 2 and <= 5;

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
