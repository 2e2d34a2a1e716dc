using System.Text;
using System.Text.RegularExpressions;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.ModelCard;

/// <summary>
/// Reads a Hugging Face model card (README.md): the YAML front matter between the leading <c>---</c> lines (license,
/// license_name, license_link, base_model, datasets, pipeline_tag, tags, language, …) into <c>card.*</c> metadata, and
/// whether the prose calls the model open / open source (<c>card.claims_open</c>, for the openwashing check).
/// </summary>
public sealed partial class ModelCardReader : IModelReader
{
    /// <summary>Cards are read up to this size; front matter up to <see cref="MaxFrontMatterBytes"/>.</summary>
    public const int MaxCardBytes = 1024 * 1024;

    public const int MaxFrontMatterBytes = 256 * 1024;

    private static readonly string[] Keys =
        ["license", "license_name", "license_link", "base_model", "base_model_relation", "datasets", "pipeline_tag", "tags", "language", "library_name", "model_name", "model_type"];

    // Source-generated: constructing it at run time (NonBacktracking) cost ~90 ms of every CLI run that met a model
    // card. The pattern has no nested quantifiers, so backtracking stays linear on the capped card text.
    [GeneratedRegex(@"\b(fully[- ]open|open[- ]sourced?|open (model|llm|language model|ai|weights model)s?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenClaimPattern();

    public string Format => ModelFormats.ModelCard;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            var bytes = StreamBytes.ReadAt(stream, 0, MaxCardBytes);
            var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF').Replace("\r\n", "\n");
            var body = text;
            if (text.StartsWith("---\n", StringComparison.Ordinal))
            {
                var end = FindFrontMatterEnd(text);
                if (end < 0 || end > MaxFrontMatterBytes)
                {
                    inspection.AddIssue(
                        RuleIds.ModelMalformed,
                        $"{path}: the model card's YAML front matter has no closing '---' line within {MaxFrontMatterBytes} bytes, so its license and metadata could not be read. Close the front matter block.");
                }
                else
                {
                    ReadFrontMatter(text[4..end], inspection);
                    body = text[(text.IndexOf('\n', end) is var after and >= 0 ? after + 1 : text.Length)..];
                }
            }

            if (OpenClaimPattern().Match(body) is { Success: true } claim)
            {
                inspection.Metadata["card.claims_open"] = "true";
                inspection.Metadata["card.claims_open_text"] = claim.Value;
            }
        }
        catch (IOException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the model card could not be read: {ex.Message}.");
        }

        return inspection;
    }

    private static int FindFrontMatterEnd(string text)
    {
        var position = 4;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var line = lineEnd < 0 ? text[position..] : text[position..lineEnd];
            if (line.TrimEnd() is "---" or "...")
            {
                return position;
            }

            if (lineEnd < 0)
            {
                return -1;
            }

            position = lineEnd + 1;
        }

        return -1;
    }

    private static void ReadFrontMatter(string yaml, ModelInspection inspection)
    {
        var values = YamlSubset.Parse(yaml);
        foreach (var key in Keys)
        {
            if (values.TryGetValue(key, out var items) && items.Count > 0)
            {
                inspection.Metadata["card." + key] = string.Join(", ", items);
            }
        }

        // license: other + license_name: llama3 is the Hub's way to name a license without an SPDX id.
        var license = values.TryGetValue("license", out var l) && l.Count > 0 ? l[0] : null;
        var licenseName = values.TryGetValue("license_name", out var n) && n.Count > 0 ? n[0] : null;
        if (license is not null && (!license.Equals("other", StringComparison.OrdinalIgnoreCase) || licenseName is null))
        {
            inspection.License = license;
            inspection.LicenseSource = "model-card:license";
        }
        else if (licenseName is not null)
        {
            inspection.License = licenseName;
            inspection.LicenseSource = "model-card:license_name";
        }
    }
}
