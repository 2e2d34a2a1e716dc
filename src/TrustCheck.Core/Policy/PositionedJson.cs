using System.Text;
using System.Text.Json;

namespace TrustCheck.Core.Policy;

public enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// A JSON value that remembers where it starts (1-based line and column), so policy errors can point at the
/// exact key or value. <see cref="JsonDocument"/> keeps no positions, hence this small tree.
/// </summary>
public sealed class PositionedJson
{
    private PositionedJson(JsonKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public JsonKind Kind { get; }
    public int Line { get; }
    public int Column { get; }
    /// <summary>String value, number text, "true"/"false"; null for objects, arrays and null.</summary>
    public string? Text { get; private init; }
    public bool Boolean { get; private init; }
    /// <summary>Object members in file order (duplicates kept, so the validator can report them).</summary>
    public List<JsonMember> Members { get; } = new();
    public List<PositionedJson> Items { get; } = new();

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>Parses JSON with comments and trailing commas. Throws <see cref="JsonException"/> with line/column on invalid input.</summary>
    public static PositionedJson Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        });
        if (!reader.Read())
        {
            throw new JsonException("the file is empty", null, 0, 0);
        }

        var root = ReadValue(ref reader, lines);
        if (reader.Read())
        {
            var (line, column) = lines.Position(reader.TokenStartIndex);
            throw new JsonException($"unexpected content after the end of the JSON value", null, line - 1, column - 1);
        }

        return root;
    }

    private static PositionedJson ReadValue(ref Utf8JsonReader reader, LineMap lines)
    {
        var (line, column) = lines.Position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new PositionedJson(JsonKind.Object, line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (keyLine, keyColumn) = lines.Position(reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    obj.Members.Add(new JsonMember(name, keyLine, keyColumn, ReadValue(ref reader, lines)));
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new PositionedJson(JsonKind.Array, line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(ref reader, lines));
                }

                return array;
            case JsonTokenType.String:
                return new PositionedJson(JsonKind.String, line, column) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new PositionedJson(JsonKind.Number, line, column) { Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True or JsonTokenType.False:
                var value = reader.TokenType == JsonTokenType.True;
                return new PositionedJson(JsonKind.Boolean, line, column) { Boolean = value, Text = value ? "true" : "false" };
            default:
                return new PositionedJson(JsonKind.Null, line, column);
        }
    }

    /// <summary>Byte offset → 1-based line and column (columns count characters, not bytes).</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = new() { 0 };
        private readonly byte[] _text;

        public LineMap(ReadOnlySpan<byte> utf8)
        {
            _text = utf8.ToArray();
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public (int Line, int Column) Position(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var lineIndex = index >= 0 ? index : ~index - 1;
            var start = _lineStarts[lineIndex];
            var column = Encoding.UTF8.GetCharCount(_text, start, (int)offset - start) + 1;
            return (lineIndex + 1, column);
        }
    }
}

public sealed record JsonMember(string Name, int Line, int Column, PositionedJson Value);
