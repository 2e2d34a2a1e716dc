using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrustCheck.Core.Models;

/// <summary>
/// The model-card facts the model stage grades on: license (and where it was read), datasets, license link, and whether
/// the prose calls the model "open". Taken from the model-card reader's inspection (<c>card.*</c> metadata); a bounded
/// fallback parse of the front matter covers cards read while no model-card reader is registered.
/// </summary>
internal sealed class ModelCardFacts
{
    /// <summary>Cards are small; a larger README is read only up to here.</summary>
    private const int MaxBytes = 256 * 1024;

    private static readonly string[] CardKeys =
        ["license:", "license_name:", "tags:", "datasets:", "library_name:", "pipeline_tag:", "base_model:", "language:", "model-index:", "model_name:"];

    /// <summary>Hugging Face placeholders that defer to <c>license_name</c>.</summary>
    private static readonly HashSet<string> DeferringLicenses = new(StringComparer.OrdinalIgnoreCase) { "other" };

    public string? License { get; private init; }
    public string? LicenseSource { get; private init; }
    public string? LicenseLink { get; private init; }
    public IReadOnlyList<string> Datasets { get; private init; } = [];
    /// <summary>The phrase by which the card calls the model open ("open source", "fully open" …), if it does.</summary>
    public string? OpenClaim { get; private init; }

    /// <summary>From the model-card reader: License/LicenseSource plus card.datasets, card.license_link, card.claims_open_text.</summary>
    public static ModelCardFacts FromInspection(ModelInspection inspection) => new()
    {
        License = inspection.License,
        LicenseSource = inspection.LicenseSource,
        LicenseLink = inspection.Metadata.GetValueOrDefault("card.license_link"),
        Datasets = SplitList(inspection.Metadata.GetValueOrDefault("card.datasets")),
        OpenClaim = inspection.Metadata.GetValueOrDefault("card.claims_open_text"),
    };

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

    /// <summary>Fallback: the subset of YAML cards use for these keys (<c>key: value</c>, <c>key: [a, b]</c>, <c>- item</c> lists).</summary>
    public static ModelCardFacts? Read(string path)
    {
        var text = ReadPrefix(path, MaxBytes);
        if (text is null)
        {
            return null;
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var bodyStart = 0;
        if (StartsWithFence(text))
        {
            var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
            var frontMatterEnd = end < 0 ? lines.Length : end;
            ParseFrontMatter(lines.AsSpan(1, frontMatterEnd - 1), fields);
            bodyStart = Math.Min(lines.Length, frontMatterEnd + 1);
        }

        var license = First(fields, "license");
        var licenseName = First(fields, "license_name");
        var useName = licenseName is not null && (license is null || DeferringLicenses.Contains(license));
        return new ModelCardFacts
        {
            License = useName ? licenseName : license,
            LicenseSource = useName ? "model-card:license_name" : license is null ? null : "model-card:license",
            LicenseLink = First(fields, "license_link"),
            Datasets = fields.TryGetValue("datasets", out var datasets) ? datasets : [],
            OpenClaim = FindOpenClaim(string.Join('\n', lines.Skip(bodyStart))),
        };
    }

    private static string? FindOpenClaim(string body)
    {
        foreach (var phrase in OpennessData.Current.OpenClaims)
        {
            var match = Regex.Match(body, $@"(?<![\w-]){Regex.Escape(phrase)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (match.Success)
            {
                return match.Value;
            }
        }

        return null;
    }

    private static IReadOnlyList<string> SplitList(string? joined) =>
        joined is null ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? First(Dictionary<string, List<string>> fields, string key) =>
        fields.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

    private static void ParseFrontMatter(ReadOnlySpan<string> lines, Dictionary<string, List<string>> fields)
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
                    Add(fields, listKey, item[2..]);
                }

                continue;
            }

            var colon = line.IndexOf(':');
            listKey = null;
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0)
            {
                listKey = key;
            }
            else if (value.StartsWith('[') && value.EndsWith(']'))
            {
                foreach (var item in value[1..^1].Split(','))
                {
                    Add(fields, key, item);
                }
            }
            else
            {
                Add(fields, key, value);
            }
        }
    }

    private static void Add(Dictionary<string, List<string>> fields, string key, string value)
    {
        var clean = value.Trim().Trim('"', '\'').Trim();
        if (clean.Length == 0)
        {
            return;
        }

        if (!fields.TryGetValue(key, out var values))
        {
            fields[key] = values = new List<string>();
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
