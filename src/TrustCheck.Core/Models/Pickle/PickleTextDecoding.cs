using System.Text;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// Python's raw-unicode-escape (the UNICODE opcode): bytes are Latin-1 except \uXXXX and \UXXXXXXXX escapes, which
/// count only after an odd number of backslashes. Null where CPython raises (truncated escape, code point out of range).
/// </summary>
internal static class RawUnicodeEscape
{
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder(data.Length);
        var i = 0;
        while (i < data.Length)
        {
            if (data[i] != '\\')
            {
                text.Append((char)data[i++]);
                continue;
            }

            var run = 0;
            while (i < data.Length && data[i] == '\\')
            {
                text.Append('\\');
                run++;
                i++;
            }

            if ((run & 1) == 0 || i >= data.Length || data[i] is not ((byte)'u' or (byte)'U'))
            {
                continue;
            }

            text.Length--; // the last backslash starts the escape
            var digits = data[i] == 'u' ? 4 : 8;
            i++;
            uint codePoint = 0;
            for (var n = 0; n < digits; n++, i++)
            {
                var d = i < data.Length ? HexValue(data[i]) : -1;
                if (d < 0)
                {
                    return null; // "truncated \uXXXX escape"
                }

                codePoint = (codePoint << 4) | (uint)d;
            }

            if (codePoint > 0x10FFFF)
            {
                return null; // "\Uxxxxxxxx out of range"
            }

            text.Append(codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32((int)codePoint));
        }

        return text.ToString();
    }

    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

/// <summary>
/// The escapes of a Python bytes literal (the STRING opcode's quoted argument, decoded with codecs.escape_decode as
/// PyBytes_DecodeEscape does), as Latin-1 text. Null where CPython raises: an \x without two hex digits, a trailing
/// backslash. Unknown escapes (\q) stay as written, octal escapes take 1-3 digits, modulo 256.
/// </summary>
internal static class PythonStringEscape
{
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\\')
            {
                text.Append((char)data[i]);
                continue;
            }

            if (++i >= data.Length)
            {
                return null; // "Trailing \ in string"
            }

            var next = data[i];
            switch (next)
            {
                case (byte)'\n': break; // line continuation
                case (byte)'\\' or (byte)'\'' or (byte)'"': text.Append((char)next); break;
                case (byte)'a': text.Append('\a'); break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'v': text.Append('\v'); break;
                case >= (byte)'0' and <= (byte)'7':
                {
                    var value = next - '0';
                    for (var n = 0; n < 2 && i + 1 < data.Length && data[i + 1] is >= (byte)'0' and <= (byte)'7'; n++)
                    {
                        value = (value * 8) + (data[++i] - '0');
                    }

                    text.Append((char)(value & 0xFF));
                    break;
                }

                case (byte)'x':
                {
                    var high = i + 1 < data.Length ? RawUnicodeEscape.HexValue(data[i + 1]) : -1;
                    var low = i + 2 < data.Length ? RawUnicodeEscape.HexValue(data[i + 2]) : -1;
                    if (high < 0 || low < 0)
                    {
                        return null; // "invalid \x escape at position n"
                    }

                    text.Append((char)((high << 4) | low));
                    i += 2;
                    break;
                }

                default: text.Append('\\').Append((char)next); break;
            }
        }

        return text.ToString();
    }
}
