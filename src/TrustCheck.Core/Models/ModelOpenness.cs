using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Models;

/// <summary>
/// Openness grade of one model (OSI Open Source AI Definition 1.0; Model Openness Framework components):
/// open-source = OSI/OSAID-compatible license with no use restrictions; open-weights = weights available but the license
/// restricts use (acceptable-use policy, MAU threshold, naming …); restricted = non-commercial / research-only / no-derivatives;
/// unknown = no license. <see cref="OpennessReport.Osaid"/> additionally needs code and data information, as OSAID does.
/// </summary>
internal static class ModelOpenness
{
    public const string OpenSource = "open-source";
    public const string OpenWeights = "open-weights";
    public const string Restricted = "restricted";
    public const string Unknown = "unknown";

    public static OpennessReport Grade(ModelLicenseFacts license, IReadOnlyList<string> components, ModelCardFacts? card)
    {
        var data = OpennessData.Current;
        var restrictions = license.Restrictions.ToList();
        // Without a catalog entry the terms are unknown, even when the id is a valid SPDX id: grading needs the catalog's facts.
        var grade = license.Expression is null || license.Catalog is null
            ? Unknown
            : restrictions.Any(data.RestrictedKinds.Contains) ? Restricted
            : restrictions.Count > 0 ? OpenWeights
            : license.Catalog is { } entry && !(entry.OsiApproved || entry.MeetsOsaid) ? Unknown
            : OpenSource;

        var report = new OpennessReport
        {
            Class = grade,
            Restrictions = restrictions,
            Components = components.ToList(),
            Osaid = grade == OpenSource
                && (license.Catalog?.MeetsOsaid ?? true)
                && components.Contains("weights") && components.Contains("code")
                && (components.Contains("training-data") || components.Contains("data-card")),
        };

        if (grade is OpenWeights or Restricted && card?.OpenClaim is { } claim)
        {
            report.Openwashing =
                $"the model card calls it \"{claim}\", but its license {license.Expression} restricts use ({string.Join(", ", restrictions)}): open weights, not open source";
        }

        return report;
    }

    /// <summary>Rank for minimumOpenness: open-source &gt; open-weights &gt; restricted &gt; unknown.</summary>
    public static int Rank(string? grade) => grade switch
    {
        OpenSource => 3,
        OpenWeights => 2,
        Restricted => 1,
        _ => 0,
    };

    /// <summary>
    /// Model Openness Framework components visible in the files: weights (a weights format), code (modeling_*.py, config.json …),
    /// model-card (README.md with front matter), training-data (card 'datasets:'), data-card (a dataset card file).
    /// </summary>
    public static List<string> Components(IEnumerable<InspectedModelFile> files, ModelCardFacts? card)
    {
        var data = ModelDiscoveryData.Current;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FullPath);
            if (data.WeightFormats.Contains(file.Format))
            {
                found.Add("weights");
            }

            if (data.CodeFiles.Any(pattern => Glob(pattern, name)))
            {
                found.Add("code");
            }

            if (data.DataCardFiles.Contains(name))
            {
                found.Add("data-card");
            }
        }

        if (card is not null)
        {
            found.Add("model-card");
            if (card.Datasets.Count > 0)
            {
                found.Add("training-data");
            }
        }

        return found.ToList();
    }

    private static bool Glob(string pattern, string name)
    {
        if (!pattern.Contains('*'))
        {
            return name.Equals(pattern, StringComparison.OrdinalIgnoreCase);
        }

        var star = pattern.IndexOf('*');
        var prefix = pattern[..star];
        var suffix = pattern[(star + 1)..];
        return name.Length >= prefix.Length + suffix.Length
            && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }
}
