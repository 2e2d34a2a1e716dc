using System.Globalization;
using System.Text;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>The byte strings a DSSE signature covers.</summary>
internal static class DssePae
{
    /// <summary>DSSE v1 pre-authentication encoding: <c>DSSEv1 SP len(type) SP type SP len(payload) SP payload</c>.</summary>
    public static byte[] Encode(string payloadType, byte[] payload)
    {
        var header = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"DSSEv1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} "));
        return [.. header, .. payload];
    }

    /// <summary>
    /// model_signing v0.2.0 formatted the payload bytes into a Python f-string, so it signed
    /// <c>DSSEV1 len type len b'…'</c> (the Python repr of the bytes, capital V) with SHA-256.
    /// Upstream verifiers still accept it; so do we, but only for the v0.2.0 predicate type.
    /// </summary>
    public static byte[] EncodeV020Compat(string payloadType, byte[] payload)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"DSSEV1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} {PythonBytesRepr(payload)}");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Python's <c>repr(bytes)</c>: b'…', or b"…" when the bytes hold ' but no ".</summary>
    internal static string PythonBytesRepr(ReadOnlySpan<byte> bytes)
    {
        var quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        var builder = new StringBuilder(bytes.Length + 3);
        builder.Append('b').Append(quote);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\': builder.Append(@"\\"); break;
                case (byte)'\t': builder.Append(@"\t"); break;
                case (byte)'\n': builder.Append(@"\n"); break;
                case (byte)'\r': builder.Append(@"\r"); break;
                default:
                    if (b == quote)
                    {
                        builder.Append('\\').Append(quote);
                    }
                    else if (b is < 0x20 or >= 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }
                    else
                    {
                        builder.Append((char)b);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
