using System.Globalization;
using System.Numerics;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// The text arguments of protocol-0 opcodes, parsed as CPython's unpickler does. The C unpickler (_pickle.c, the
/// default) and pickle.py differ slightly; a value is accepted when either accepts it, so the walk never stops where a
/// real loader goes on:
/// <list type="bullet">
/// <item>GET/PUT keys: <c>PyLong_FromString(s, NULL, 10)</c> / <c>int(line)</c>: surrounding whitespace, a sign, single
/// underscores between digits; C stops reading at a NUL byte.</item>
/// <item>INT and LONG: <c>strtol(s, &amp;end, 0)</c> then <c>PyLong_FromString(s, NULL, 0)</c> / <c>int(line, 0)</c>: also 0x/0o/0b
/// prefixes (underscore allowed after the prefix), C octal "010", LONG's trailing 'L'.</item>
/// <item>FLOAT: <c>PyOS_string_to_double</c> (no whitespace, no underscores) / <c>float(line)</c>: inf, infinity, nan.</item>
/// </list>
/// </summary>
internal static class PickleTextNumbers
{
    private const int MaxDigits = 4300; // CPython's default int max_str_digits

    /// <summary>A memo key of PUT/GET; false where both unpicklers raise.</summary>
    public static bool TryParseMemoKey(ReadOnlySpan<byte> line, out BigInteger key) =>
        TryPythonInt(CutAtNul(line), 10, out key) || TryPythonInt(line, 10, out key);

    /// <summary>INT's argument ("00"/"01" are booleans and parse as 0/1 here too).</summary>
    public static bool TryParseInt(ReadOnlySpan<byte> line, out BigInteger value) =>
        TryStrtol(CutAtNul(line), out value) || TryPythonInt(CutAtNul(line), 0, out value) || TryPythonInt(line, 0, out value);

    /// <summary>LONG's argument: an int in base 0, with one trailing 'L' dropped first.</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> line, out BigInteger value)
    {
        if (line.Length > 0 && line[^1] == (byte)'L')
        {
            line = line[..^1];
        }

        return TryPythonInt(CutAtNul(line), 0, out value) || TryPythonInt(line, 0, out value);
    }

    /// <summary>A Python int literal token (no whitespace): int(token, 0).</summary>
    public static bool TryParseIntLiteral(ReadOnlySpan<byte> token, out BigInteger value) =>
        token.Length > 0 && !IsSpace(token[0]) && !IsSpace(token[^1]) && TryPythonInt(token, 0, out value) || Fail(out value);

    private static bool Fail(out BigInteger value)
    {
        value = BigInteger.Zero;
        return false;
    }

    public static bool IsFloat(ReadOnlySpan<byte> line) => IsCFloat(CutAtNul(line)) || IsPythonFloat(Trim(line));

    private static ReadOnlySpan<byte> CutAtNul(ReadOnlySpan<byte> line)
    {
        var nul = line.IndexOf((byte)0);
        return nul >= 0 ? line[..nul] : line;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsSpace(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>Python's int(text, base) for base 10 or 0 (PyLong_FromString's grammar).</summary>
    private static bool TryPythonInt(ReadOnlySpan<byte> text, int @base, out BigInteger value)
    {
        value = BigInteger.Zero;
        var s = Trim(text);
        var negative = false;
        if (s.Length > 0 && s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == (byte)'-';
            s = s[1..];
        }

        var radix = 10;
        var prefixed = false;
        if (@base == 0 && s.Length >= 2 && s[0] == (byte)'0' && (s[1] | 0x20) is (byte)'x' or (byte)'o' or (byte)'b')
        {
            radix = (s[1] | 0x20) switch { (byte)'x' => 16, (byte)'o' => 8, _ => 2 };
            s = s[2..];
            prefixed = true;
        }

        if (!TryDigits(s, radix, allowLeadingUnderscore: prefixed, out value))
        {
            return false;
        }

        // Base 0 forbids leading zeros in a non-zero decimal ("010"), as Python literals do.
        if (@base == 0 && !prefixed && s.Length > 1 && s[0] == (byte)'0' && !value.IsZero)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>C strtol with base 0 on a line that must end right after the number (at the newline or NUL).</summary>
    private static bool TryStrtol(ReadOnlySpan<byte> text, out BigInteger value)
    {
        value = BigInteger.Zero;
        var i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        var radix = 10;
        if (i + 1 < text.Length && text[i] == (byte)'0' && (text[i + 1] | 0x20) == (byte)'x' && i + 2 < text.Length && HexValue(text[i + 2]) >= 0)
        {
            radix = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == (byte)'0')
        {
            radix = 8;
        }

        var start = i;
        var digits = text[start..];
        var length = 0;
        while (length < digits.Length && HexValue(digits[length]) is var d && d >= 0 && d < radix)
        {
            length++;
        }

        if (length == 0 || start + length != text.Length || length > 64)
        {
            return false; // no digits, something after them, or beyond a C long (then PyLong_FromString decides)
        }

        var ok = TryDigits(digits[..length], radix, allowLeadingUnderscore: false, out value);
        if (!ok || value > long.MaxValue)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>Digits of <paramref name="radix"/> with single underscores between them (and after a 0x/0o/0b prefix).</summary>
    private static bool TryDigits(ReadOnlySpan<byte> s, int radix, bool allowLeadingUnderscore, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (s.Length == 0 || s.Length > MaxDigits * 2 || s[^1] == (byte)'_')
        {
            return false;
        }

        var digits = 0;
        var previousUnderscore = !allowLeadingUnderscore;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == (byte)'_')
            {
                if (previousUnderscore)
                {
                    return false;
                }

                previousUnderscore = true;
                continue;
            }

            var d = HexValue(s[i]);
            if (d < 0 || d >= radix)
            {
                return false;
            }

            value = (value * radix) + d;
            previousUnderscore = false;
            if (++digits > MaxDigits && radix == 10)
            {
                return false; // ValueError: exceeds the limit for integer string conversion
            }
        }

        return digits > 0;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>PyOS_string_to_double: no whitespace, no underscores; inf/infinity/nan in any case.</summary>
    private static bool IsCFloat(ReadOnlySpan<byte> s) => IsFloatText(s, allowUnderscores: false);

    /// <summary>float(bytes): whitespace already trimmed; underscores between digits allowed.</summary>
    private static bool IsPythonFloat(ReadOnlySpan<byte> s) => IsFloatText(s, allowUnderscores: true);

    private static bool IsFloatText(ReadOnlySpan<byte> s, bool allowUnderscores)
    {
        if (s.Length > 0 && s[0] is (byte)'+' or (byte)'-')
        {
            s = s[1..];
        }

        var word = System.Text.Encoding.ASCII.GetString(s).ToLowerInvariant();
        if (word is "inf" or "infinity" or "nan")
        {
            return true;
        }

        var i = 0;
        var mantissaDigits = Digits(s, ref i, allowUnderscores);
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            mantissaDigits += Digits(s, ref i, allowUnderscores);
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (Digits(s, ref i, allowUnderscores) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    /// <summary>Counts decimal digits at <paramref name="i"/> (with single underscores between them when allowed); -1 on a misplaced underscore.</summary>
    private static int Digits(ReadOnlySpan<byte> s, ref int i, bool allowUnderscores)
    {
        var count = 0;
        while (i < s.Length)
        {
            if (s[i] is >= (byte)'0' and <= (byte)'9')
            {
                count++;
                i++;
            }
            else if (allowUnderscores && s[i] == (byte)'_' && count > 0 && i + 1 < s.Length && s[i + 1] is >= (byte)'0' and <= (byte)'9')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return count;
    }

    public static bool TryToLong(BigInteger value, out long result)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            result = (long)value;
            return true;
        }

        result = 0;
        return false;
    }

    public static string Show(ReadOnlySpan<byte> line) =>
        System.Text.Encoding.ASCII.GetString(line[..Math.Min(line.Length, 40)]).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Invariant(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The int()/float() grammar for other Python-literal readers (.npy headers).</summary>
internal static class PickleTextNumbersAccess
{
    /// <summary>A Python int literal (base 0 rules: prefixes, underscores, no leading zeros), no surrounding whitespace.</summary>
    public static bool TryParseIntBase0(ReadOnlySpan<byte> token, out BigInteger value) =>
        PickleTextNumbers.TryParseIntLiteral(token, out value);

    public static bool IsFloat(ReadOnlySpan<byte> token) => PickleTextNumbers.IsFloat(token);
}
