using System.Text.Json;

namespace TrustCheck.Core.Licensing;

/// <summary>One entry of the AI license catalog (data file Data/ai-licenses.json).</summary>
/// <param name="Id">Catalog key as found in the wild (HF id, SPDX id, GGUF value), lower case.</param>
/// <param name="Expression">SPDX id or LicenseRef-….</param>
/// <param name="Restrictions">acceptable-use-policy, non-commercial, field-of-use, mau-threshold, attribution-naming, no-derivatives, research-only …</param>
/// <param name="MeetsOsaid">Whether weights under this license meet the Open Source AI Definition.</param>
public sealed record AiLicense(
    string Id,
    string Name,
    string Expression,
    string Family,
    bool OsiApproved,
    IReadOnlyList<string> Restrictions,
    bool MeetsOsaid)
{
    /// <summary>Monthly-active-user count above which the license requires a separate agreement (Llama: 700M, Qwen: 100M).</summary>
    public long? MauThreshold { get; init; }

    /// <summary>The attribution/naming the license demands, e.g. "Built with Llama".</summary>
    public string? Attribution { get; init; }

    /// <summary>Anything else a user should know (geographic limits, hosting limits, …).</summary>
    public string? Note { get; init; }

    /// <summary>True when the license restricts use in any way (open weights, not open source).</summary>
    public bool IsRestricted => Restrictions.Count > 0;
}

/// <summary>The restriction vocabulary of <see cref="AiLicense.Restrictions"/>.</summary>
public static class AiLicenseRestrictions
{
    public const string AcceptableUsePolicy = "acceptable-use-policy";
    public const string NonCommercial = "non-commercial";
    public const string FieldOfUse = "field-of-use";
    public const string MauThreshold = "mau-threshold";
    public const string AttributionNaming = "attribution-naming";
    public const string NoDerivatives = "no-derivatives";
    public const string ResearchOnly = "research-only";

    public static IReadOnlyList<string> All { get; } =
        [AcceptableUsePolicy, NonCommercial, FieldOfUse, MauThreshold, AttributionNaming, NoDerivatives, ResearchOnly];
}

/// <summary>License ids as found in model metadata and cards → what they mean for users.</summary>
public static class AiLicenseCatalog
{
    private static readonly Lazy<AiLicenseData> Data = new(AiLicenseData.Load);

    /// <summary>Every catalog entry, in data-file order.</summary>
    public static IReadOnlyList<AiLicense> All => Data.Value.Licenses;

    /// <summary>
    /// Looks up an id or name (case-insensitive; HF ids, SPDX ids, common spellings): letters and digits are compared,
    /// so "llama3.1", "llama3_1", "Llama 3.1 Community License" and "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" are one entry.
    /// Any other OSI-approved SPDX id (e.g. "Zlib") yields an unrestricted entry built from the SPDX list; other
    /// unknown values (including HF's "other") yield null.
    /// </summary>
    public static AiLicense? Find(string idOrName)
    {
        // No license name is longer than this; metadata strings from model files can be arbitrarily long.
        if (string.IsNullOrWhiteSpace(idOrName) || idOrName.Length > 256)
        {
            return null;
        }

        if (Data.Value.ByKey.TryGetValue(AiLicenseData.Key(idOrName), out var license))
        {
            return license;
        }

        var spdx = SpdxLicenseFacts.ReplacementForDeprecated(idOrName) ?? SpdxLicenseFacts.CanonicalId(idOrName);
        if (spdx is not null && SpdxLicenseFacts.IsOsiApproved(spdx))
        {
            return Data.Value.ByKey.TryGetValue(AiLicenseData.Key(spdx), out var known)
                ? known
                : new AiLicense(spdx.ToLowerInvariant(), spdx, spdx, "osi", OsiApproved: true, Array.Empty<string>(), MeetsOsaid: true);
        }

        return null;
    }

    /// <summary>The license of a model family from a hub / Ollama model name (e.g. "llama3.1:8b" → Llama 3.1 Community License).</summary>
    public static AiLicense? FindByModelName(string modelName)
    {
        var family = ModelFamilies.Match(modelName);
        return family is null ? null : Find(family.License);
    }
}

/// <summary>One row of Data/model-families.json.</summary>
public sealed record ModelFamily(string License, IReadOnlyList<string> Patterns, string? Note);

/// <summary>Model name patterns → catalog id (Data/model-families.json); the first matching row wins.</summary>
public static class ModelFamilies
{
    private const string DataFile = "model-families.json";
    private static readonly string[] HubPrefixes = ["https://huggingface.co/", "https://hf.co/", "huggingface.co/", "hf.co/"];

    private static readonly Lazy<IReadOnlyList<ModelFamily>> Rows = new(Load);

    public static IReadOnlyList<ModelFamily> All => Rows.Value;

    public static ModelFamily? Match(string modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName) || modelName.Length > 512)
        {
            return null;
        }

        var name = modelName.Trim().ToLowerInvariant();
        foreach (var prefix in HubPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return Rows.Value.FirstOrDefault(f => f.Patterns.Any(p => LicensePatternMatcher.IsMatch(p, name)));
    }

    private static IReadOnlyList<ModelFamily> Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText(DataFile));
        return document.RootElement.GetProperty("families").EnumerateArray()
            .Select(f => new ModelFamily(
                f.GetProperty("license").GetString()!,
                f.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()!.ToLowerInvariant()).ToArray(),
                f.TryGetProperty("note", out var note) ? note.GetString() : null))
            .ToArray();
    }
}

internal sealed class AiLicenseData
{
    private const string DataFile = "ai-licenses.json";

    public required IReadOnlyList<AiLicense> Licenses { get; init; }

    public required IReadOnlyDictionary<string, AiLicense> ByKey { get; init; }

    /// <summary>Lower-case letters and digits only: "Llama 3.1 Community License" → "llama31communitylicense".</summary>
    public static string Key(string value)
    {
        Span<char> buffer = value.Length <= 512 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if (c == '+')
            {
                // "openrail++" must not collapse into "openrail".
                buffer[length++] = '+';
            }
        }

        return new string(buffer[..length]);
    }

    public static AiLicenseData Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText(DataFile));
        var licenses = new List<AiLicense>();
        var byKey = new Dictionary<string, AiLicense>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("licenses").EnumerateArray())
        {
            var license = new AiLicense(
                entry.GetProperty("id").GetString()!,
                entry.GetProperty("name").GetString()!,
                entry.GetProperty("expression").GetString()!,
                entry.GetProperty("family").GetString()!,
                entry.GetProperty("osiApproved").GetBoolean(),
                entry.GetProperty("restrictions").EnumerateArray().Select(r => r.GetString()!).ToArray(),
                entry.GetProperty("meetsOsaid").GetBoolean())
            {
                MauThreshold = entry.TryGetProperty("mauThreshold", out var mau) ? mau.GetInt64() : null,
                Attribution = entry.TryGetProperty("attribution", out var attribution) ? attribution.GetString() : null,
                Note = entry.TryGetProperty("note", out var note) ? note.GetString() : null,
            };
            licenses.Add(license);

            var names = new[] { license.Id, license.Expression, license.Name }
                .Concat(entry.TryGetProperty("aliases", out var aliases) ? aliases.EnumerateArray().Select(a => a.GetString()!) : []);
            foreach (var name in names)
            {
                var key = Key(name);
                if (byKey.TryGetValue(key, out var existing) && !ReferenceEquals(existing, license))
                {
                    throw new InvalidOperationException($"{DataFile}: '{name}' names both '{existing.Id}' and '{license.Id}'.");
                }

                byKey[key] = license;
            }

            // "LicenseRef-llama3.1" is also found without its prefix.
            const string licenseRef = "LicenseRef-";
            if (license.Expression.StartsWith(licenseRef, StringComparison.OrdinalIgnoreCase))
            {
                byKey.TryAdd(Key(license.Expression[licenseRef.Length..]), license);
            }
        }

        return new AiLicenseData { Licenses = licenses, ByKey = byKey };
    }
}
