using System.Text;
using System.Text.Json;

namespace TrustCheck.Core.Models;

/// <summary>
/// The few model-card facts the model stage grades on: license id(s), datasets, and the prose (for "open" claims).
/// Reads a bounded prefix of README.md; the full card (every field, issues) is the formats work's model-card reader.
/// </summary>
internal sealed class ModelCardFacts
{
    /// <summary>Cards are small; a larger README is read only up to here.</summary>
    private const int MaxBytes = 256 * 1024;

    private static readonly string[] CardKeys =
        ["license:", "license_name:", "tags:", "datasets:", "library_name:", "pipeline_tag:", "base_model:", "language:", "model-index:", "model_name:"];

    public Dictionary<string, List<string>> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string Text { get; private set; } = "";

    public string? First(string key) => Fields.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

    public IReadOnlyList<string> All(string key) => Fields.TryGetValue(key, out var values) ? values : [];

    /// <summary>True when the file starts with a YAML front matter block that has at least one model-card key.</summary>
    public static bool HasFrontMatter(string path)
    {
        var text = ReadPrefix(path, 8 * 1024);
        if (text is null || !StartsWithFence(text))
        {
            return false;
        }

        return text.Split('\n').Skip(1).TakeWhile(l => l.TrimEnd() != "---").Any(l => CardKeys.Any(k => l.StartsWith(k, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Parses the card at <paramref name="path"/>; null when it cannot be read.</summary>
    public static ModelCardFacts? Read(string path)
    {
        var text = ReadPrefix(path, MaxBytes);
        if (text is null)
        {
            return null;
        }

        var card = new ModelCardFacts();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var bodyStart = 0;
        if (StartsWithFence(text))
        {
            var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
            var frontMatterEnd = end < 0 ? lines.Length : end;
            card.ParseFrontMatter(lines.AsSpan(1, frontMatterEnd - 1));
            bodyStart = Math.Min(lines.Length, frontMatterEnd + 1);
        }

        card.Text = string.Join('\n', lines.Skip(bodyStart));
        return card;
    }

    /// <summary>
    /// The subset of YAML that cards use for these keys: <c>key: value</c>, <c>key: [a, b]</c> and block lists (<c>- item</c>).
    /// Nested maps are skipped; values are unquoted.
    /// </summary>
    private void ParseFrontMatter(ReadOnlySpan<string> lines)
    {
        string? listKey = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) || line[0] == '-')
            {
                var item = line.Trim();
                if (listKey is not null && item.StartsWith("- ", StringComparison.Ordinal))
                {
                    Add(listKey, item[2..]);
                }

                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                listKey = null;
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            listKey = null;
            if (value.Length == 0)
            {
                listKey = key;
            }
            else if (value.StartsWith('[') && value.EndsWith(']'))
            {
                foreach (var item in value[1..^1].Split(','))
                {
                    Add(key, item);
                }
            }
            else
            {
                Add(key, value);
            }
        }
    }

    private void Add(string key, string value)
    {
        var clean = value.Trim().Trim('"', '\'').Trim();
        var comment = clean.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            clean = clean[..comment].TrimEnd();
        }

        if (clean.Length == 0)
        {
            return;
        }

        if (!Fields.TryGetValue(key, out var values))
        {
            Fields[key] = values = new List<string>();
        }

        values.Add(clean);
    }

    private static bool StartsWithFence(string text) => text.TrimStart('\uFEFF').StartsWith("---", StringComparison.Ordinal);

    private static string? ReadPrefix(string path, int maxBytes)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[(int)Math.Min(maxBytes, stream.Length)];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>A top-level <c>"license"</c> string in a model folder's config.json (some exporters write one).</summary>
internal static class ModelConfigJson
{
    private const int MaxBytes = 1024 * 1024;

    public static string? License(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("license", out var license)
                && license.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(license.GetString())
                ? license.GetString()!.Trim()
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
