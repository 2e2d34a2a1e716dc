using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrustCheck.Cli;

/// <summary>A JSON-with-comments tree, built in order and written deterministically (two-space indent, comments above members).</summary>
internal abstract class JsoncNode
{
    /// <summary>Comment lines written above this node (one <c>//</c> line each, wrapped to the page width).</summary>
    public List<string> Comments { get; } = new();

    public static JsoncNode String(string value) => new JsoncScalar(JsoncScalar.Quote(value));

    public static JsoncNode Bool(bool value) => new JsoncScalar(value ? "true" : "false");

    public static JsoncNode Null() => new JsoncScalar("null");

    public T WithComments<T>(params IEnumerable<string> comments)
        where T : JsoncNode
    {
        Comments.AddRange(comments);
        return (T)this;
    }
}

internal sealed class JsoncScalar(string json) : JsoncNode
{
    /// <summary>Readable text in a file people edit: no \u escapes for non-ASCII letters.</summary>
    internal static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string literal, escaped as the serializer with <see cref="Options"/> would (no reflection: trim- and AOT-safe).</summary>
    internal static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, Options.Encoder).ToString() + "\"";

    public string Json { get; } = json;
}

internal sealed class JsoncObject : JsoncNode
{
    public List<(string Name, JsoncNode Value)> Members { get; } = new();

    /// <summary>Comment lines after the last member (e.g. commented-out entries to fill in).</summary>
    public List<string> Trailing { get; } = new();

    public JsoncObject Add(string name, JsoncNode value)
    {
        Members.Add((name, value));
        return this;
    }
}

internal sealed class JsoncArray : JsoncNode
{
    public List<JsoncNode> Items { get; } = new();

    public List<string> Trailing { get; } = new();
}

/// <summary>Writes a <see cref="JsoncNode"/> tree. Arrays of scalars without comments stay on one line.</summary>
internal static class JsoncWriter
{
    private const int PageWidth = 120;

    public static string Write(IEnumerable<string> header, JsoncNode root)
    {
        var text = new StringBuilder();
        WriteComments(text, header, "");
        WriteComments(text, root.Comments, "");
        WriteValue(text, root, "");
        return text.Append('\n').ToString();
    }

    private static void WriteValue(StringBuilder text, JsoncNode node, string indent)
    {
        switch (node)
        {
            case JsoncScalar scalar:
                text.Append(scalar.Json);
                break;
            case JsoncObject obj:
                WriteContainer(text, '{', '}', obj.Members.Select(m => (JsoncScalar.Quote(m.Name) + ": ", m.Value)).ToList(), obj.Trailing, indent);
                break;
            case JsoncArray array when array.Trailing.Count == 0 && array.Items.All(i => i is JsoncScalar && i.Comments.Count == 0):
                text.Append('[').AppendJoin(", ", array.Items.Cast<JsoncScalar>().Select(i => i.Json)).Append(']');
                break;
            case JsoncArray array:
                WriteContainer(text, '[', ']', array.Items.Select(i => ("", i)).ToList(), array.Trailing, indent);
                break;
        }
    }

    private static void WriteContainer(StringBuilder text, char open, char close, List<(string Prefix, JsoncNode Value)> entries, List<string> trailing, string indent)
    {
        if (entries.Count == 0 && trailing.Count == 0)
        {
            text.Append(open).Append(close);
            return;
        }

        var inner = indent + "  ";
        text.Append(open).Append('\n');
        for (var i = 0; i < entries.Count; i++)
        {
            var (prefix, value) = entries[i];
            WriteComments(text, value.Comments, inner);
            text.Append(inner).Append(prefix);
            WriteValue(text, value, inner);
            text.Append(i < entries.Count - 1 ? ",\n" : "\n");
        }

        WriteComments(text, trailing, inner);
        text.Append(indent).Append(close);
    }

    private static void WriteComments(StringBuilder text, IEnumerable<string> comments, string indent)
    {
        foreach (var comment in comments)
        {
            foreach (var line in Wrap(OneLine(comment), PageWidth - indent.Length - 3))
            {
                text.Append(indent).Append("//").Append(line.Length > 0 ? " " + line : "").Append('\n');
            }
        }
    }

    /// <summary>Names from packages and files end up in comments: no control characters may end the comment early.</summary>
    private static string OneLine(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    /// <summary>Word wrap; a line that starts with a quote is a commented-out JSON entry and is never broken.</summary>
    private static IEnumerable<string> Wrap(string text, int width)
    {
        if (text.Length <= width || text.StartsWith('"'))
        {
            yield return text;
            yield break;
        }

        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
