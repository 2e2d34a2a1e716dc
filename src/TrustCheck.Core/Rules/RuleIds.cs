// Shared source: linked into TrustCheck.Core and TrustCheck.Analyzers (netstandard2.0), so keep it plain C#.
namespace TrustCheck.Rules;

/// <summary>Every TrustCheck rule id, in one place. Ids are stable once shipped: retire, never reuse.</summary>
public static class RuleIds
{
    // Package licenses
    public const string PackageLicenseDenied = "TC1001";
    public const string PackageLicenseUnknown = "TC1002";
    public const string PackageLicenseNotOsiOrDeprecated = "TC1003";
    public const string PackageLicenseChanged = "TC1004";
    public const string PackageUpgradeChangesLicense = "TC1005";

    // Package provenance
    public const string PackageUnsigned = "TC2001";
    public const string PackageSignerUntrusted = "TC2002";
    public const string PackageSourceUntrusted = "TC2003";
    public const string PackageNoRepository = "TC2004";
    public const string PackageContentHashMismatch = "TC2005";
    public const string PackageDeprecatedOrVulnerable = "TC2006";
    public const string OnlineLookupUnavailable = "TC2007";

    // Model assets
    public const string ModelNotLocked = "TC3001";
    public const string ModelHashMismatch = "TC3002";
    public const string ModelLicenseDenied = "TC3003";
    public const string ModelLicenseUnknown = "TC3004";
    public const string ModelLicenseRestricted = "TC3005";
    public const string ModelSignatureInvalid = "TC3006";
    public const string ModelSignatureMissing = "TC3007";
    public const string ModelSourceUnpinned = "TC3008";
    public const string ModelUnsafePickle = "TC3010";
    public const string ModelPickleFormat = "TC3011";
    public const string ModelEmbedsCode = "TC3012";
    public const string ModelMalformed = "TC3013";
    public const string ModelFormatMismatch = "TC3014";
    public const string ModelFormatNotAllowed = "TC3015";
    public const string ModelLinkOutside = "TC3016";
    public const string ModelStoreIntegrity = "TC3017";
    public const string ModelCompressedUnopened = "TC3018";

    // Code (Roslyn analyzers)
    public const string CodeLoadsUndeclaredModel = "TC4001";
    public const string CodeDownloadsUnpinnedModel = "TC4002";
    public const string CodeDeserializesPickle = "TC4003";
    public const string CodeUsesRestrictedModel = "TC4004";
    public const string FactsFileMissing = "TC4005";

    // Configuration
    public const string PolicyInvalid = "TC9001";
    public const string LockInvalid = "TC9002";
    public const string RestoreOutputMissing = "TC9003";
    public const string InternalError = "TC9004";
    public const string BuildStateNotWritten = "TC9005";
    public const string RestoreFailed = "TC9006";
    public const string LockEntryUnused = "TC9007";
    public const string BaselineEntryStale = "TC9008";

    /// <summary>Base of every rule's help link; the page is docs/rules/&lt;id&gt;.md.</summary>
    public const string HelpLinkBase = "https://github.com/trustcheck/trustcheck/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
