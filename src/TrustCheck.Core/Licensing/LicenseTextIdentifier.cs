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
        if (text.Length > index.MaxTemplateChars * 3)
        {
            return null;
        }

        return index.BestMatch(LicenseTextNormalizer.Shingles(text));
    }
}

/// <summary>The license templates' shingle sets, built once: one inverted index from shingle to the templates holding it.</summary>
internal sealed class LicenseTemplateIndex
{
    private const string Folder = "licenses/";

    private readonly string[] _ids;
    private readonly int[] _sizes;
    private readonly Dictionary<ulong, ulong> _templatesByShingle;

    private LicenseTemplateIndex(string[] ids, int[] sizes, Dictionary<ulong, ulong> templatesByShingle, int maxTemplateChars)
    {
        _ids = ids;
        _sizes = sizes;
        _templatesByShingle = templatesByShingle;
        MaxTemplateChars = maxTemplateChars;
        LicenseIds = ids.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToArray();
    }

    public int MaxTemplateChars { get; }

    public IReadOnlyCollection<string> LicenseIds { get; }

    public static LicenseTemplateIndex Load()
    {
        var files = EmbeddedData.List(Folder).Where(f => f.EndsWith(".txt", StringComparison.Ordinal)).ToArray();
        if (files.Length > 64)
        {
            throw new InvalidOperationException("The template index holds at most 64 license texts (one bit each).");
        }

        var ids = new string[files.Length];
        var sizes = new int[files.Length];
        var byShingle = new Dictionary<ulong, ulong>();
        var maxChars = 0;
        for (var t = 0; t < files.Length; t++)
        {
            var name = files[t][Folder.Length..^".txt".Length];
            var variant = name.IndexOf('~');
            ids[t] = variant < 0 ? name : name[..variant];
            var text = EmbeddedData.ReadText(files[t]);
            maxChars = Math.Max(maxChars, text.Length);
            var shingles = LicenseTextNormalizer.Shingles(text);
            sizes[t] = shingles.Count;
            foreach (var shingle in shingles)
            {
                byShingle[shingle] = byShingle.GetValueOrDefault(shingle) | (1UL << t);
            }
        }

        return new LicenseTemplateIndex(ids, sizes, byShingle, maxChars);
    }

    public LicenseTextMatch? BestMatch(HashSet<ulong> shingles)
    {
        if (shingles.Count == 0)
        {
            return null;
        }

        Span<int> common = stackalloc int[_ids.Length];
        foreach (var shingle in shingles)
        {
            if (_templatesByShingle.TryGetValue(shingle, out var mask))
            {
                while (mask != 0)
                {
                    var t = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    common[t]++;
                    mask &= mask - 1;
                }
            }
        }

        var bestIndex = -1;
        var bestScore = 0.0;
        for (var t = 0; t < _ids.Length; t++)
        {
            var score = 2.0 * common[t] / (shingles.Count + _sizes[t]);
            if (score > bestScore)
            {
                bestScore = score;
                bestIndex = t;
            }
        }

        return bestIndex < 0 ? null : new LicenseTextMatch(_ids[bestIndex], Math.Round(bestScore, 4));
    }
}
