using static TrustCheck.Rules.RuleIds;

namespace TrustCheck.Core.Rules;

/// <summary>The TCxxxx catalog (docs/rules has one page per entry). Every front door reads it.</summary>
public static class RuleCatalog
{
    private const string Licensing = "Licensing";
    private const string Provenance = "Provenance";
    private const string ModelAssets = "ModelAssets";
    private const string Code = "Code";
    private const string Configuration = "Configuration";

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        new(PackageLicenseDenied, "Package license is denied by policy", Licensing, RuleSeverity.Error, "task, cli"),
        new(PackageLicenseUnknown, "Package license could not be determined", Licensing, RuleSeverity.Warning, "task, cli"),
        new(PackageLicenseNotOsiOrDeprecated, "Package license is not OSI-approved or uses a deprecated SPDX id", Licensing, RuleSeverity.Info, "task, cli"),
        new(PackageLicenseChanged, "Package license changed since the lock", Licensing, RuleSeverity.Warning, "task, cli"),
        new(PackageUpgradeChangesLicense, "The package's latest version has a different license", Licensing, RuleSeverity.Info, "cli --online, task with TrustCheckOffline=false"),
        new(PackageUnsigned, "Package has no author or repository signature", Provenance, RuleSeverity.Info, "task, cli"),
        new(PackageSignerUntrusted, "Package signer is not in trustedSigners", Provenance, RuleSeverity.Error, "task, cli"),
        new(PackageSourceUntrusted, "Package came from a source not in trustedSources", Provenance, RuleSeverity.Error, "task, cli"),
        new(PackageNoRepository, "Package has no repository metadata", Provenance, RuleSeverity.Info, "task, cli"),
        new(PackageContentHashMismatch, "Package content hash does not match .nupkg.metadata or the lock", Provenance, RuleSeverity.Error, "task, cli"),
        new(PackageDeprecatedOrVulnerable, "Package is deprecated or has known vulnerabilities", Provenance, RuleSeverity.Warning, "cli --online, task with TrustCheckOffline=false"),
        new(OnlineLookupUnavailable, "Online package look-ups could not be done", Provenance, RuleSeverity.Info, "cli --online, task with TrustCheckOffline=false"),
        new(ModelNotLocked, "Model file is not in trustcheck.lock.json", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelHashMismatch, "Model file hash differs from the lock", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelLicenseDenied, "Model license is denied by policy", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelLicenseUnknown, "Model license could not be determined", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelLicenseRestricted, "Model license restricts use: open weights, not open source", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelSignatureInvalid, "Model signature is present but invalid", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelSignatureMissing, "Model has no signature", ModelAssets, RuleSeverity.Info, "task, cli"),
        new(ModelSourceUnpinned, "Model source is not pinned to a revision, commit or digest", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelUnsafePickle, "Model contains executable pickle content", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelPickleFormat, "Model uses a pickle-based format", ModelAssets, RuleSeverity.Info, "task, cli"),
        new(ModelEmbedsCode, "Model embeds code", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelMalformed, "Model file is malformed or truncated and could not be fully inspected", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelFormatMismatch, "Model file content does not match its extension", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelFormatNotAllowed, "Model format is not in the policy's models.allowFormats", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelLinkOutside, "Model path is a link that resolves outside the project or scanned folder", ModelAssets, RuleSeverity.Warning, "task, cli"),
        new(ModelStoreIntegrity, "A model in the Ollama store or Hugging Face cache fails its integrity check", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(ModelCompressedUnopened, "Compressed model could not be opened: not inspected", ModelAssets, RuleSeverity.Error, "task, cli"),
        new(CodeLoadsUndeclaredModel, "Code loads a model file that is not declared or locked", Code, RuleSeverity.Warning, "analyzer"),
        new(CodeDownloadsUnpinnedModel, "Code downloads a model at run time from an unpinned URL or hub name", Code, RuleSeverity.Warning, "analyzer"),
        new(CodeDeserializesPickle, "Code deserializes pickle-based weights at run time", Code, RuleSeverity.Warning, "analyzer"),
        new(CodeUsesRestrictedModel, "Code uses a model whose license is restricted or denied", Code, RuleSeverity.Warning, "analyzer"),
        new(FactsFileMissing, "TrustCheck facts file is missing or unreadable: build the project once", Code, RuleSeverity.Info, "analyzer"),
        new(PolicyInvalid, "trustcheck.json is invalid", Configuration, RuleSeverity.Error, "all"),
        new(LockInvalid, "trustcheck.lock.json is invalid", Configuration, RuleSeverity.Error, "all"),
        new(RestoreOutputMissing, "Restore output missing: run restore first", Configuration, RuleSeverity.Warning, "task, cli"),
        new(InternalError, "Internal error while inspecting one item (the rest still ran)", Configuration, RuleSeverity.Warning, "all"),
        new(BuildStateNotWritten, "Build state (report, facts, cache) could not be written", Configuration, RuleSeverity.Warning, "task, cli"),
        new(RestoreFailed, "Restore failed: a package did not resolve", Configuration, RuleSeverity.Error, "task, cli"),
        new(LockEntryUnused, "Lock entry is not used by any project any more", Configuration, RuleSeverity.Info, "cli"),
        new(BaselineEntryStale, "Baseline entry no longer matches any finding", Configuration, RuleSeverity.Info, "task, cli"),
    ];

    private static readonly Dictionary<string, RuleDescriptor> ById =
        All.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

    public static RuleDescriptor Get(string id) =>
        ById.TryGetValue(id, out var rule) ? rule : throw new ArgumentException($"Unknown rule id '{id}'.", nameof(id));

    public static bool TryGet(string id, out RuleDescriptor rule) => ById.TryGetValue(id, out rule!);
}
