using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>A model family and the license its weights ship under (Data/ModelFamilies.txt).</summary>
internal sealed class ModelFamily
{
    public ModelFamily(string pattern, string license, string licenseName, ImmutableArray<string> restrictions, string openness)
    {
        Pattern = pattern;
        License = license;
        LicenseName = licenseName;
        Restrictions = restrictions;
        Openness = openness;
    }

    public string Pattern { get; }
    public string License { get; }
    public string LicenseName { get; }
    public ImmutableArray<string> Restrictions { get; }
    public string Openness { get; }
}

internal static class ModelFamilyCatalog
{
    private static readonly Lazy<ImmutableArray<ModelFamily>> Families = new(Load);

    /// <summary>
    /// The family of a hub repo ("meta-llama/Llama-3.1-8B"), Ollama name ("llama3.1:8b", "library/gemma2") or file
    /// name ("Llama-3.2-1B.Q4_K_M.gguf"); null when unknown. The longest matching pattern wins.
    /// </summary>
    public static ModelFamily? Find(string modelName)
    {
        var normalized = Normalize(modelName);
        var slash = normalized.LastIndexOf('/');
        var repo = slash >= 0 ? normalized.Substring(slash + 1) : normalized;
        ModelFamily? best = null;
        foreach (var family in Families.Value)
        {
            var candidate = family.Pattern.IndexOf('/') >= 0 ? normalized : repo;
            if (candidate.StartsWith(family.Pattern, StringComparison.Ordinal)
                && (best is null || family.Pattern.Length > best.Pattern.Length))
            {
                best = family;
            }
        }

        return best;
    }

    private static string Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or ' ')
            {
                continue;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static ImmutableArray<ModelFamily> Load() =>
        EmbeddedData.ReadRows("ModelFamilies.txt")
            .Where(row => row.Length >= 3)
            .Select(row => new ModelFamily(
                Normalize(EmbeddedData.Field(row, 0)),
                EmbeddedData.Field(row, 1),
                EmbeddedData.Field(row, 2),
                SplitList(EmbeddedData.Field(row, 3)),
                EmbeddedData.Field(row, 4)))
            .ToImmutableArray();

    private static ImmutableArray<string> SplitList(string value) =>
        value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToImmutableArray();

    public static IEnumerable<ModelFamily> All => Families.Value;
}
