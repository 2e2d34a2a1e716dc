using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Remote;

/// <summary>
/// A store model's license, most reliable first: the real text (license layers, LICENSE / USE_POLICY files) identified
/// against the model-license fingerprints; then the model card; then file metadata (GGUF general.license); then, as the
/// last resort, the family the reference's name belongs to — the report says which (<c>license.kind</c>).
/// </summary>
internal static class RemoteLicense
{
    public const string KindText = "text";
    public const string KindModelCard = "model-card";
    public const string KindMetadata = "metadata";
    public const string KindFamily = "family";

    public static (ModelLicenseFacts Facts, string? Kind) Resolve(StoreModel model, ModelCardFacts? card, string? configLicense, IReadOnlyList<InspectedModelFile> files, HashCache hashes)
    {
        if (FromText(model, hashes) is { } text)
        {
            return (text, KindText);
        }

        var declared = ModelLicense.Resolve(card, configLicense, files, lockedLicense: null);
        if (declared.Expression is not null)
        {
            var fromCard = declared.Source?.StartsWith("model-card", StringComparison.Ordinal) == true;
            return (declared, fromCard ? KindModelCard : KindMetadata);
        }

        if (AiLicenseCatalog.FindByModelName(model.Reference.ModelName) is { } family)
        {
            return (new ModelLicenseFacts(family.Id, $"family:{model.Reference.ModelName}", family.Expression, family), KindFamily);
        }

        return (ModelLicenseFacts.None, null);
    }

    /// <summary>The license named by the texts: a license document wins over a use policy (which only implies its family).</summary>
    private static ModelLicenseFacts? FromText(StoreModel model, HashCache hashes)
    {
        var matches = model.LicenseFiles
            .Select(f => (File: f, Match: Identify(f, hashes)))
            .Where(m => m.Match is not null)
            .OrderBy(m => m.Match!.IsUsePolicy ? 1 : 0).ThenBy(m => model.FileNames.GetValueOrDefault(m.File, m.File), StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        var (file, match) = matches[0];
        var catalog = AiLicenseCatalog.Find(match!.LicenseId);
        var documents = string.Join(", ", matches.Select(m => $"{m.Match!.Document} {m.Match.LicenseId}").Distinct(StringComparer.Ordinal));
        var source = $"text:{model.FileNames.GetValueOrDefault(file, Path.GetFileName(file))} ({documents})";
        return new ModelLicenseFacts(match.LicenseId, source, catalog?.Expression ?? "LicenseRef-" + match.LicenseId, catalog);
    }

    /// <summary>
    /// Which license text a file is, kept in the hash cache beside its hash: an unchanged license layer (shared by every
    /// tag of a model) is read and matched once, not on every scan. The key carries this build's identity, so new
    /// fingerprints are never answered from an older build's cache.
    /// </summary>
    private static ModelLicenseTextMatch? Identify(string path, HashCache hashes)
    {
        RegularFile file;
        try
        {
            file = RegularFile.Inspect(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fact = hashes.GetFact(IdentificationKind, file, () => ModelLicenseTextIdentifier.IdentifyFile(path) is { } found ? $"{found.LicenseId}|{found.Document}" : NoMatch);
        return fact.Split('|') is [var license, var document] ? new ModelLicenseTextMatch(license, document) : null;
    }

    private const string NoMatch = "-";

    private static readonly string IdentificationKind = "license-text/" + typeof(RemoteLicense).Assembly.ManifestModule.ModuleVersionId.ToString("N");
}
