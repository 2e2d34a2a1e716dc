using System.Text;
using System.Text.Json;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Models;

/// <summary>
/// The model-card facts the model stage grades on — license (and where it was read), datasets, license link, whether the
/// prose calls the model "open" — taken from the model-card reader's inspection (<c>card.*</c> metadata).
/// </summary>
internal sealed class ModelCardFacts
{
    private static readonly string[] CardKeys =
        ["license:", "license_name:", "tags:", "datasets:", "library_name:", "pipeline_tag:", "base_model:", "language:", "model-index:", "model_name:"];

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

    /// <summary>
    /// True when the file starts with a YAML front matter block that has at least one model-card key: decides, before any
    /// reader runs, whether a README.md makes its folder a model folder (a plain project README does not).
    /// </summary>
    public static bool HasFrontMatter(string path)
    {
        var text = ReadPrefix(path, 8 * 1024);
        if (text is null || !StartsWithFence(text))
        {
            return false;
        }

        return text.Split('\n').Skip(1).TakeWhile(l => l.TrimEnd() != "---").Any(l => CardKeys.Any(k => l.StartsWith(k, StringComparison.OrdinalIgnoreCase)));
    }

    private static IReadOnlyList<string> SplitList(string? joined) =>
        joined is null ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool StartsWithFence(string text) => text.TrimStart('\uFEFF').StartsWith("---", StringComparison.Ordinal);

    private static string? ReadPrefix(string path, int maxBytes)
    {
        try
        {
            using var stream = RegularFile.OpenRead(path);
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
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(RegularFile.ReadAllBytes(path, MaxBytes), new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
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
