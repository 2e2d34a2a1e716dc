using System.Globalization;
using System.Text;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>Python's raw-unicode-escape (the UNICODE opcode): bytes are Latin-1 except \uXXXX and \UXXXXXXXX escapes.</summary>
internal static class RawUnicodeEscape
{
    public static string Decode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            var digits = data[i] == '\\' && i + 1 < data.Length ? data[i + 1] switch { (byte)'u' => 4, (byte)'U' => 8, _ => 0 } : 0;
            if (digits > 0 && i + 2 + digits <= data.Length &&
                uint.TryParse(Encoding.ASCII.GetString(data.Slice(i + 2, digits)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint) &&
                codePoint <= 0x10FFFF)
            {
                text.Append(codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32((int)codePoint));
                i += 1 + digits;
                continue;
            }

            text.Append((char)data[i]);
        }

        return text.ToString();
    }
}

/// <summary>The escapes of a Python string literal (the STRING opcode's quoted argument), decoded to Latin-1 text.</summary>
internal static class PythonStringEscape
{
    public static string Decode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\\' || i + 1 >= data.Length)
            {
                text.Append((char)data[i]);
                continue;
            }

            var next = data[++i];
            switch (next)
            {
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'0' when i + 1 >= data.Length || data[i + 1] is < (byte)'0' or > (byte)'7': text.Append('\0'); break;
                case (byte)'x' when i + 2 < data.Length &&
                    byte.TryParse(Encoding.ASCII.GetString(data.Slice(i + 1, 2)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b):
                    text.Append((char)b);
                    i += 2;
                    break;
                case (byte)'\\' or (byte)'\'' or (byte)'"': text.Append((char)next); break;
                default: text.Append('\\').Append((char)next); break;
            }
        }

        return text.ToString();
    }
}
