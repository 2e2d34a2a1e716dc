using System.Globalization;
using System.Numerics;
using System.Text;

namespace TrustCheck.Core.Models.Numpy;

public enum PythonLiteralKind
{
    Str,
    Bytes,
    Int,
    Float,
    Bool,
    None,
    Tuple,
    List,
    Dict,
    Set,
}

/// <summary>A value of the Python literal grammar: dict entries are kept as alternating key, value items.</summary>
public sealed record PythonLiteral(PythonLiteralKind Kind, string? Text = null, BigInteger Number = default, IReadOnlyList<PythonLiteral>? Items = null)
{
    public bool IsString => Kind is PythonLiteralKind.Str or PythonLiteralKind.Bytes;

    /// <summary>The value of a dict entry whose key is the string <paramref name="key"/>.</summary>
    public PythonLiteral? Lookup(string key)
    {
        if (Kind != PythonLiteralKind.Dict || Items is null)
        {
            return null;
        }

        PythonLiteral? found = null;
        for (var i = 0; i + 1 < Items.Count; i += 2)
        {
            if (Items[i].IsString && Items[i].Text == key)
            {
                found = Items[i + 1]; // a repeated key: the last one wins, as in Python
            }
        }

        return found;
    }

    /// <summary>Python's repr, enough for metadata: '&lt;f8', (2, 3), [('a', '&lt;i4')].</summary>
    public override string ToString() => Kind switch
    {
        PythonLiteralKind.Str => "'" + Text + "'",
        PythonLiteralKind.Bytes => "b'" + Text + "'",
        PythonLiteralKind.Int => Number.ToString(CultureInfo.InvariantCulture),
        PythonLiteralKind.Float => Text!,
        PythonLiteralKind.Bool => Text!,
        PythonLiteralKind.None => "None",
        PythonLiteralKind.Tuple => Items!.Count == 1 ? "(" + Items[0] + ",)" : "(" + string.Join(", ", Items) + ")",
        PythonLiteralKind.List => "[" + string.Join(", ", Items!) + "]",
        PythonLiteralKind.Set => "{" + string.Join(", ", Items!) + "}",
        _ => "{" + string.Join(", ", Enumerable.Range(0, Items!.Count / 2).Select(i => Items[2 * i] + ": " + Items[(2 * i) + 1])) + "}",
    };
}

/// <summary>
/// ast.literal_eval for the grammar .npy headers use: dicts, tuples, lists, sets, strings (u/b/r prefixes, implicit
/// concatenation, escapes), ints (signs, underscores, 0x/0o/0b, a Python 2 'L' suffix as numpy's _filter_header drops
/// it), floats, True/False/None, comments and line breaks inside brackets. Iterative depth is capped; the input is
/// bounded by the caller. Returns null with a reason for anything literal_eval would reject.
/// </summary>
public static class PythonLiteralParser
{
    private const int MaxDepth = 64;
    private const int MaxItems = 100_000;

    public static PythonLiteral? Parse(string text, out string? error)
    {
        var parser = new Parser(text);
        try
        {
            var value = parser.ParseValue(0);
            parser.SkipSpace();
            if (!parser.AtEnd)
            {
                error = $"unexpected '{parser.Current}' at position {parser.Position}";
                return null;
            }

            error = null;
            return value;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private sealed class Parser(string text)
    {
        private int _position;
        private int _items;

        public int Position => _position;

        public bool AtEnd => _position >= text.Length;

        public char Current => text[_position];

        public void SkipSpace()
        {
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                {
                    _position++;
                }
                else if (c == '\\' && _position + 1 < text.Length && text[_position + 1] is '\n' or '\r')
                {
                    _position += 2; // explicit line continuation
                }
                else if (c == '#')
                {
                    while (_position < text.Length && text[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else
                {
                    break;
                }
            }
        }

        public PythonLiteral ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException($"literal nested deeper than {MaxDepth} levels");
            }

            if (++_items > MaxItems)
            {
                throw new FormatException($"more than {MaxItems:N0} values");
            }

            SkipSpace();
            if (AtEnd)
            {
                throw new FormatException("unexpected end of the literal");
            }

            var c = Current;
            switch (c)
            {
                case '{':
                    return ParseBraces(depth);
                case '[':
                    _position++;
                    return new PythonLiteral(PythonLiteralKind.List, Items: ParseSequence(']', depth));
                case '(':
                    return ParseParentheses(depth);
                case '+' or '-':
                {
                    _position++;
                    var operand = ParseValue(depth + 1);
                    return operand.Kind switch
                    {
                        PythonLiteralKind.Int => c == '-' ? operand with { Number = -operand.Number } : operand,
                        PythonLiteralKind.Float => operand with { Text = (c == '-' ? "-" : string.Empty) + operand.Text },
                        _ => throw new FormatException($"a sign before a {operand.Kind.ToString().ToLowerInvariant()} at position {_position}"),
                    };
                }
            }

            if (char.IsDigit(c) || (c == '.' && _position + 1 < text.Length && char.IsDigit(text[_position + 1])))
            {
                return ParseNumber();
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = _position;
                while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
                {
                    _position++;
                }

                var word = text[start.._position];
                if (_position < text.Length && text[_position] is '\'' or '"' && IsStringPrefix(word))
                {
                    _position = start;
                    return ParseStrings();
                }

                return word switch
                {
                    "True" or "False" => new PythonLiteral(PythonLiteralKind.Bool, word),
                    "None" => new PythonLiteral(PythonLiteralKind.None),
                    _ => throw new FormatException($"name '{Shorten(word)}' at position {start} is not a literal"),
                };
            }

            if (c is '\'' or '"')
            {
                return ParseStrings();
            }

            throw new FormatException($"unexpected '{c}' at position {_position}");
        }

        private PythonLiteral ParseBraces(int depth)
        {
            _position++;
            SkipSpace();
            if (!AtEnd && Current == '}')
            {
                _position++;
                return new PythonLiteral(PythonLiteralKind.Dict, Items: Array.Empty<PythonLiteral>());
            }

            var first = ParseValue(depth + 1);
            SkipSpace();
            if (!AtEnd && Current == ':')
            {
                var items = new List<PythonLiteral> { first };
                _position++;
                items.Add(ParseValue(depth + 1));
                while (true)
                {
                    SkipSpace();
                    if (AtEnd)
                    {
                        throw new FormatException("dict is not closed");
                    }

                    if (Current == '}')
                    {
                        _position++;
                        return new PythonLiteral(PythonLiteralKind.Dict, Items: items);
                    }

                    Expect(',');
                    SkipSpace();
                    if (!AtEnd && Current == '}')
                    {
                        continue;
                    }

                    items.Add(ParseValue(depth + 1));
                    SkipSpace();
                    Expect(':');
                    items.Add(ParseValue(depth + 1));
                }
            }

            var set = new List<PythonLiteral> { first };
            set.AddRange(ParseRest('}', depth, out _));
            return new PythonLiteral(PythonLiteralKind.Set, Items: set);
        }

        private PythonLiteral ParseParentheses(int depth)
        {
            _position++;
            SkipSpace();
            if (!AtEnd && Current == ')')
            {
                _position++;
                return new PythonLiteral(PythonLiteralKind.Tuple, Items: Array.Empty<PythonLiteral>());
            }

            var first = ParseValue(depth + 1);
            var rest = ParseRest(')', depth, out var sawComma);
            if (!sawComma)
            {
                return first; // (x) is x
            }

            return new PythonLiteral(PythonLiteralKind.Tuple, Items: new[] { first }.Concat(rest).ToList());
        }

        private List<PythonLiteral> ParseSequence(char close, int depth)
        {
            SkipSpace();
            if (!AtEnd && Current == close)
            {
                _position++;
                return new List<PythonLiteral>();
            }

            var items = new List<PythonLiteral> { ParseValue(depth + 1) };
            items.AddRange(ParseRest(close, depth, out _));
            return items;
        }

        /// <summary>After a first item: (',' item)* [','] close.</summary>
        private List<PythonLiteral> ParseRest(char close, int depth, out bool sawComma)
        {
            var items = new List<PythonLiteral>();
            sawComma = false;
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    throw new FormatException($"'{close}' is missing at the end");
                }

                if (Current == close)
                {
                    _position++;
                    return items;
                }

                Expect(',');
                sawComma = true;
                SkipSpace();
                if (!AtEnd && Current == close)
                {
                    continue;
                }

                items.Add(ParseValue(depth + 1));
            }
        }

        private void Expect(char c)
        {
            if (AtEnd || Current != c)
            {
                throw new FormatException(AtEnd ? $"'{c}' expected at the end" : $"'{c}' expected at position {_position}, found '{Current}'");
            }

            _position++;
        }

        private static bool IsStringPrefix(string word) =>
            word.ToLowerInvariant() is "u" or "b" or "r" or "br" or "rb";

        /// <summary>One or more adjacent string literals, concatenated; str and bytes cannot be mixed.</summary>
        private PythonLiteral ParseStrings()
        {
            var builder = new StringBuilder();
            bool? isBytes = null;
            while (true)
            {
                var start = _position;
                while (_position < text.Length && char.IsLetter(text[_position]))
                {
                    _position++;
                }

                var prefix = text[start.._position].ToLowerInvariant();
                if (!IsStringPrefix(prefix) && prefix.Length > 0)
                {
                    throw new FormatException($"'{Shorten(prefix)}' at position {start} is not a string prefix");
                }

                var bytes = prefix.Contains('b');
                if (isBytes is { } known && known != bytes)
                {
                    throw new FormatException($"bytes and str literals concatenated at position {start}");
                }

                isBytes = bytes;
                ReadQuoted(builder, raw: prefix.Contains('r'), bytes);
                var save = _position;
                SkipSpace();
                if (AtEnd || !(Current is '\'' or '"' || (char.IsLetter(Current) && LooksLikePrefixedString())))
                {
                    _position = save;
                    break;
                }
            }

            return new PythonLiteral(isBytes == true ? PythonLiteralKind.Bytes : PythonLiteralKind.Str, builder.ToString());
        }

        private bool LooksLikePrefixedString()
        {
            var i = _position;
            while (i < text.Length && char.IsLetter(text[i]) && i - _position < 2)
            {
                i++;
            }

            return i < text.Length && text[i] is '\'' or '"' && IsStringPrefix(text[_position..i]);
        }

        private void ReadQuoted(StringBuilder builder, bool raw, bool bytes)
        {
            var quote = text[_position];
            var triple = _position + 2 < text.Length && text[_position + 1] == quote && text[_position + 2] == quote;
            _position += triple ? 3 : 1;
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("string literal is not closed");
                }

                var c = text[_position];
                if (c == quote && (!triple || (_position + 2 < text.Length && text[_position + 1] == quote && text[_position + 2] == quote)))
                {
                    _position += triple ? 3 : 1;
                    return;
                }

                if (c == '\n' && !triple)
                {
                    throw new FormatException($"line break inside a string at position {_position}");
                }

                if (bytes && c > 0x7F)
                {
                    throw new FormatException($"non-ASCII character in a bytes literal at position {_position}");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _position++;
                    continue;
                }

                if (_position + 1 >= text.Length)
                {
                    throw new FormatException("string literal ends in a backslash");
                }

                if (raw)
                {
                    // A raw string keeps the backslash; it still escapes the quote from ending the string.
                    builder.Append(c).Append(text[_position + 1]);
                    _position += 2;
                    continue;
                }

                _position++;
                ReadEscape(builder, bytes);
            }
        }

        private void ReadEscape(StringBuilder builder, bool bytes)
        {
            var e = text[_position++];
            switch (e)
            {
                case '\n': return;
                case '\r':
                    if (_position < text.Length && text[_position] == '\n')
                    {
                        _position++;
                    }

                    return;
                case '\\' or '\'' or '"': builder.Append(e); return;
                case 'a': builder.Append('\a'); return;
                case 'b': builder.Append('\b'); return;
                case 'f': builder.Append('\f'); return;
                case 'n': builder.Append('\n'); return;
                case 'r': builder.Append('\r'); return;
                case 't': builder.Append('\t'); return;
                case 'v': builder.Append('\v'); return;
                case >= '0' and <= '7':
                {
                    var value = e - '0';
                    for (var n = 0; n < 2 && _position < text.Length && text[_position] is >= '0' and <= '7'; n++)
                    {
                        value = (value * 8) + (text[_position++] - '0');
                    }

                    builder.Append(bytes ? (char)(value & 0xFF) : (char)value);
                    return;
                }

                case 'x':
                    builder.Append((char)ReadHex(2));
                    return;
                case 'u' when !bytes:
                    builder.Append((char)ReadHex(4));
                    return;
                case 'U' when !bytes:
                {
                    var codePoint = ReadHex(8);
                    if (codePoint > 0x10FFFF)
                    {
                        throw new FormatException("\\U escape out of range");
                    }

                    builder.Append(codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint));
                    return;
                }

                case 'N' when !bytes:
                    throw new FormatException("\\N{...} escapes are not supported in .npy headers");
                default:
                    builder.Append('\\').Append(e); // unknown escapes stay as written (a DeprecationWarning in Python)
                    return;
            }
        }

        private int ReadHex(int digits)
        {
            if (_position + digits > text.Length)
            {
                throw new FormatException("truncated escape");
            }

            var value = 0;
            for (var i = 0; i < digits; i++)
            {
                var c = text[_position++];
                var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0)
                {
                    throw new FormatException($"invalid hex digit in an escape at position {_position - 1}");
                }

                value = (value << 4) | d;
            }

            return value;
        }

        private PythonLiteral ParseNumber()
        {
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] is '_' or '.' ||
                (text[_position] is '+' or '-' && (text[_position - 1] | 0x20) == 'e' && !IsPrefixed(start))))
            {
                _position++;
            }

            var token = text[start.._position];
            var digits = token.EndsWith('L') || token.EndsWith('l') ? token[..^1] : token; // Python 2 long, as numpy's _filter_header strips it
            var ascii = Encoding.ASCII.GetBytes(digits);
            if (digits.All(char.IsAscii) && Pickle.PickleTextNumbersAccess.TryParseIntBase0(ascii, out var number))
            {
                return new PythonLiteral(PythonLiteralKind.Int, Number: number);
            }

            if (!ReferenceEquals(digits, token) || !token.All(char.IsAscii) || token.IndexOfAny(['.', 'e', 'E']) < 0 || !Pickle.PickleTextNumbersAccess.IsFloat(ascii))
            {
                throw new FormatException($"'{Shorten(token)}' at position {start} is not a number");
            }

            return new PythonLiteral(PythonLiteralKind.Float, token);
        }

        private bool IsPrefixed(int start) => _position - start >= 2 && text[start] == '0' && (text[start + 1] | 0x20) == 'x';

        private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
    }
}
