namespace TrustCheck.Core.Licensing;

/// <param name="SpdxId">The matched license.</param>
/// <param name="Similarity">0..1 similarity of the normalized texts.</param>
public sealed record LicenseTextMatch(string SpdxId, double Similarity);

/// <summary>
/// Identifies a license file by its text (normalized, compared with the common licenses' texts in Data/licenses).
/// Similarity is the Dice coefficient of the word 3-gram sets: 2·|A∩B| / (|A|+|B|). It is high only when the texts
/// agree in both directions, so a text missing a clause (a truncated MIT) or carrying an extra one (BSD-3 vs BSD-2)
/// scores below its relative's own text.
/// </summary>
public static class LicenseTextIdentifier
{
    /// <summary>Below this, the text is not considered a copy of the license. Real package copies with another title,
    /// copyright block, wrapping or markdown score 0.92–1.0; LGPL-2.0 against LGPL-2.1 scores 0.86, an MIT text
    /// without its warranty clause 0.66.</summary>
    public const double Threshold = 0.9;

    private static readonly Lazy<LicenseTemplateIndex> Index = new(LicenseTemplateIndex.Load);

    /// <summary>The ids of the licenses this identifier knows (one per Data/licenses file, variants folded).</summary>
    public static IReadOnlyCollection<string> KnownLicenses => Index.Value.LicenseIds;

    /// <summary>The best match above the similarity threshold, or null: unknown text stays unknown.</summary>
    public static LicenseTextMatch? Identify(string text)
    {
        var best = BestMatch(text);
        return best is not null && best.Similarity >= Threshold ? best : null;
    }

    /// <summary>The most similar known license whatever the score (null for empty text); for diagnostics and tuning.</summary>
    public static LicenseTextMatch? BestMatch(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var index = Index.Value;

        // A text far longer than the longest template cannot reach the threshold: skip the work (and hostile inputs).
        if (text.Length > index.MaxTemplateChars * 4)
        {
            return null;
        }

        return index.BestMatch(LicenseTextNormalizer.Shingles(text), text.Length);
    }
}

/// <summary>
/// The license templates. Each template's shingle set is built on first need, and a template is only compared with
/// texts of similar length: a Dice score of 0.9 needs set sizes within 1.22× of each other, so a text more than 4×
/// longer or shorter than a template cannot match it. A project full of MIT files never tokenizes the GPL texts.
/// </summary>
internal sealed class LicenseTemplateIndex
{
    private const string Folder = "licenses/";
    private const double MaxLengthRatio = 4.0;

    private readonly Template[] _templates;

    private LicenseTemplateIndex(Template[] templates)
    {
        _templates = templates;
        MaxTemplateChars = templates.Max(t => t.Length);
        LicenseIds = templates.Select(t => t.SpdxId).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToArray();
    }

    public int MaxTemplateChars { get; }

    public IReadOnlyCollection<string> LicenseIds { get; }

    /// <summary>Lists the templates (names and sizes only; their texts are read when first compared).</summary>
    public static LicenseTemplateIndex Load()
    {
        var templates = EmbeddedData.List(Folder)
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal))
            .Select(f =>
            {
                var name = f[Folder.Length..^".txt".Length];
                var variant = name.IndexOf('~');
                using var stream = EmbeddedData.Open(f);
                return new Template(variant < 0 ? name : name[..variant], f, (int)stream.Length);
            })
            .ToArray();
        return new LicenseTemplateIndex(templates);
    }

    /// <summary>Builds every template's shingle set now (benchmarks use this to measure the full cost).</summary>
    public LicenseTemplateIndex Warm()
    {
        foreach (var template in _templates)
        {
            _ = template.Shingles;
        }

        return this;
    }

    public LicenseTextMatch? BestMatch(HashSet<ulong> shingles, int textLength)
    {
        if (shingles.Count == 0)
        {
            return null;
        }

        Template? best = null;
        var bestScore = 0.0;
        foreach (var template in _templates)
        {
            var ratio = (double)textLength / template.Length;
            if (ratio > MaxLengthRatio || ratio < 1 / MaxLengthRatio)
            {
                continue;
            }

            var score = Dice(shingles, template.Shingles);
            if (score > bestScore)
            {
                bestScore = score;
                best = template;
            }
        }

        return best is null ? null : new LicenseTextMatch(best.SpdxId, Math.Round(bestScore, 4));
    }

    private static double Dice(HashSet<ulong> text, HashSet<ulong> template)
    {
        var (small, large) = text.Count <= template.Count ? (text, template) : (template, text);
        var common = 0;
        foreach (var shingle in small)
        {
            if (large.Contains(shingle))
            {
                common++;
            }
        }

        return 2.0 * common / (text.Count + template.Count);
    }

    private sealed class Template(string spdxId, string resource, int length)
    {
        private readonly Lazy<HashSet<ulong>> _shingles = new(() => LicenseTextNormalizer.Shingles(EmbeddedData.ReadText(resource)));

        public string SpdxId { get; } = spdxId;

        public int Length { get; } = length;

        public HashSet<ulong> Shingles => _shingles.Value;
    }
}
