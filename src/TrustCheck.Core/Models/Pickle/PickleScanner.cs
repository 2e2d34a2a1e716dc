namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// Reusable entry point for walking pickle bytes without executing them: pickle files, PyTorch archives, joblib files,
/// numpy object arrays, and any other format that embeds a pickle (Keras, …).
/// </summary>
public static class PickleScanner
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Walks every pickle in <paramref name="stream"/> from its current position, reading at most <paramref name="maxBytes"/>.</summary>
    public static PickleScanResult Scan(Stream stream, long maxBytes = DefaultMaxBytes, string? location = null) =>
        Scan(stream, new PickleScanOptions { MaxBytes = maxBytes, Location = location });

    public static PickleScanResult Scan(Stream stream, PickleScanOptions options) => PickleWalker.Walk(stream, options);

    public static PickleScanResult Scan(byte[] data, string? location = null) =>
        Scan(new MemoryStream(data, writable: false), data.Length, location);

    /// <summary>True when <paramref name="header"/> starts like a pickle: a PROTO 2–5 opcode, or a protocol 0/1 opening that Python accepts.</summary>
    public static bool LooksLikePickle(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 2 && header[0] == 0x80)
        {
            return header[1] <= 5;
        }

        // Protocol 0/1 pickles have no header; these are the opcodes they usually start with.
        return header.Length >= 1 && header[0] is (byte)'(' or (byte)'c' or (byte)']' or (byte)'}' or (byte)')' or (byte)'N'
            or (byte)'I' or (byte)'S' or (byte)'V' or (byte)'X' or (byte)'K' or (byte)'J' or (byte)'U' or (byte)'T' or (byte)'i';
    }
}
