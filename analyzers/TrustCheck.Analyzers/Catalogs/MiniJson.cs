using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>
/// A small JSON reader for the engine's data files embedded in this assembly (a compiler plug-in takes no JSON
/// library dependency). Objects become <see cref="Dictionary{TKey,TValue}"/>, arrays <see cref="List{T}"/>, numbers
/// <see cref="double"/>. Only ever reads our own trusted, embedded data.
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _position;

    private MiniJson(string text) => _text = text;

    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        return reader._position == text.Length ? value : throw reader.Error("trailing content");
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end");
        }

        switch (_text[_position])
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return ReadString();
            case 't': return ReadLiteral("true", true);
            case 'f': return ReadLiteral("false", false);
            case 'n': return ReadLiteral("null", null);
            default: return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        _position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            var key = ReadString();
            SkipWhitespace();
            Expect(':');
            result[key] = ReadValue();
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect('}');
            return result;
        }
    }

    private List<object?> ReadArray()
    {
        var result = new List<object?>();
        _position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return result;
        }

        while (true)
        {
            result.Add(ReadValue());
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(']');
            return result;
        }
    }

    private string ReadString()
    {
        Expect('"');
        var text = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            var escape = _position < _text.Length ? _text[_position++] : throw Error("unterminated escape");
            switch (escape)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'u' when _position + 4 <= _text.Length:
                    text.Append((char)int.Parse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _position += 4;
                    break;
                default: text.Append(escape); break;
            }
        }

        throw Error("unterminated string");
    }

    private object? ReadLiteral(string literal, object? value)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("unexpected token");
        }

        _position += literal.Length;
        return value;
    }

    private double ReadNumber()
    {
        var start = _position;
        while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
        {
            _position++;
        }

        return double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error("bad number");
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error("expected '" + c + "'");
        }

        _position++;
    }

    private FormatException Error(string what) => new("Embedded data: " + what + " at offset " + _position.ToString(CultureInfo.InvariantCulture));
}
