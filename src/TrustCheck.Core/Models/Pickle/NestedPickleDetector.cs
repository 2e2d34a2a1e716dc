using System.Text;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>Recognises a pickle hidden in a data value: raw bytes, base64 text or hex text that decode to a PROTO 2–5 header.</summary>
internal static class NestedPickleDetector
{
    private const int MinimumLength = 4;

    /// <summary>True when the first bytes could start an embedded pickle in any of the encodings (used before reading a large value).</summary>
    public static bool LooksLikeStart(ReadOnlySpan<byte> prefix) =>
        prefix.Length >= 2 && (IsProtoHeader(prefix) || (prefix[0] == 'g' && prefix[1] == 'A') || (prefix[0] == '8' && prefix[1] == '0'));

    /// <summary>The decoded candidate pickle, or null when the value is not one.</summary>
    public static byte[]? Decode(byte[] data, string? text, out NestedPickleEncoding encoding)
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

        var trimmed = (text ?? Encoding.Latin1.GetString(data)).Trim();
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
