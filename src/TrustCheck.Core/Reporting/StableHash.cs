using System.Text;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// A 128-bit FNV-1a hash of a string's UTF-8 bytes (two 64-bit lanes with different offsets), for identifiers that must
/// be stable across runs and machines — SARIF partial fingerprints, the BOM serial number — but need no cryptographic
/// strength. Pure managed arithmetic: no crypto library start-up in a CLI run that never hashed anything else.
/// </summary>
internal static class StableHash
{
    private const ulong Prime = 0x100000001b3;
    private const ulong OffsetA = 0xcbf29ce484222325;
    private const ulong OffsetB = 0x84222325cbf29ce4;

    public static (ulong High, ulong Low) Of(string text)
    {
        ulong a = OffsetA, b = OffsetB;
        foreach (var value in Encoding.UTF8.GetBytes(text))
        {
            a = (a ^ value) * Prime;
            b = (b ^ (byte)(value + 0x5b)) * Prime;
        }

        return (a, b);
    }

    public static string Hex(string text)
    {
        var (high, low) = Of(text);
        return high.ToString("x16") + low.ToString("x16");
    }

    /// <summary>An RFC 4122 UUID (name-based variant bits) from the hash: the same text always gives the same serial number.</summary>
    public static Guid Uuid(string text)
    {
        var (high, low) = Of(text);
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), high);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), low);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
