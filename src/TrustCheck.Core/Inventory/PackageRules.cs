using NuGet.Versioning;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Inventory;

/// <summary>The package rules TC1001–TC1004 and TC2001–TC2005: facts × policy × lock → findings.</summary>
internal sealed class PackageRules
{
    private readonly CheckContext _context;
    private readonly FindingLocation? _location;
    private readonly Dictionary<string, List<LockedPackage>> _locked;
    private readonly HashSet<string> _trustedSources;
    private readonly HashSet<string> _trustedSigners;

    public PackageRules(CheckContext context, FindingLocation? location)
    {
        _context = context;
        _location = location;
        _locked = (context.Lock?.Packages ?? new List<LockedPackage>())
            .GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        _trustedSources = new HashSet<string>(context.Policy.Packages.TrustedSources.Select(NormalizeSource), StringComparer.OrdinalIgnoreCase);
        _trustedSigners = new HashSet<string>(context.Policy.Packages.TrustedSigners, StringComparer.OrdinalIgnoreCase);
    }

    public void Evaluate(ResolvedPackage package, PackageFacts facts, PackageReport report)
    {
        var subject = package.Subject;
        foreach (var problem in facts.Problems)
        {
            Add(RuleIds.InternalError, subject, $"{subject}: {problem}");
        }

        if (facts.ManifestRead)
        {
            EvaluateLicense(package, facts, report);
            if (facts.Repository is null)
            {
                Add(RuleIds.PackageNoRepository, subject,
                    $"{subject} has no <repository> metadata in its nuspec, so its build cannot be traced to a source commit. Prefer a version that declares its repository (SourceLink/RepositoryUrl), or set \"rules\": {{ \"{RuleIds.PackageNoRepository}\": \"none\" }}.");
            }
        }

        EvaluateProvenance(package, facts);
        EvaluateLock(package, facts, report);
    }

    private void EvaluateLicense(ResolvedPackage package, PackageFacts facts, PackageReport report)
    {
        var subject = package.Subject;
        var policyOverride = FindOverride(package);
        if (policyOverride is not null)
        {
            if (policyOverride.License is null)
            {
                return; // Reviewed and accepted as it is: no license findings for this package.
            }

            report.License = new LicenseReport
            {
                Expression = policyOverride.License,
                Kind = "override",
                Source = "policy",
                Url = report.License.Url,
            };
        }

        var expression = report.License.Expression;
        if (expression is null)
        {
            Add(RuleIds.PackageLicenseUnknown, subject, UnknownLicenseMessage(subject, facts, report.License),
                Data(package, null), _context.Policy.Licenses.Unknown);
            return;
        }

        var evaluation = LicensePolicyEvaluator.Evaluate(expression, _context.Policy.Licenses);
        if (evaluation.Decision is LicenseDecision.Denied or LicenseDecision.NotAllowed)
        {
            var why = evaluation.Decision == LicenseDecision.Denied ? "is on the policy's deny list" : "is not on the policy's allow list";
            Add(RuleIds.PackageLicenseDenied, subject,
                $"{subject} is licensed {expression} ({DescribeKind(report.License)}), which {why}: {evaluation.Reason}. Replace the package, or if legal has approved it add \"packages.overrides\": {{ \"{package.Id}@{package.Version.ToNormalizedString()}\": {{ \"reason\": \"…\" }} }} to trustcheck.json.",
                Data(package, expression));
        }

        EvaluateOsi(package, expression, report.License);
    }

    private void EvaluateOsi(ResolvedPackage package, string expression, LicenseReport license)
    {
        var reviews = SpdxLicenseFacts.Review(expression);
        var deprecated = reviews.Where(r => r.IsDeprecated).ToList();
        var notOsi = reviews.Where(r => !r.IsOsiApproved && !r.IsDeprecated).Select(r => r.Id).ToList();
        // With OR the user may pick the OSI-approved branch, so only flag it when no id is OSI-approved.
        var isChoice = reviews.Count > 1 && expression.Contains(" OR ", StringComparison.OrdinalIgnoreCase);
        var flagged = isChoice && reviews.Any(r => r.IsOsiApproved) ? new List<string>() : notOsi;

        var subject = package.Subject;
        if (deprecated.Count > 0)
        {
            var ids = string.Join(", ", deprecated.Select(r => r.Replacement is null ? r.Id : $"{r.Id} (now {r.Replacement})"));
            Add(RuleIds.PackageLicenseNotOsiOrDeprecated, subject,
                $"{subject} declares the deprecated SPDX id {ids} ({DescribeKind(license)}), whose meaning is ambiguous (only, or or-later?). Ask the author to use a current id, or pin the meaning with a policy override that names the current id.",
                Data(package, expression));
        }
        else if (flagged.Count > 0)
        {
            Add(RuleIds.PackageLicenseNotOsiOrDeprecated, subject,
                $"{subject} is licensed {expression}: {string.Join(", ", flagged)} is not an OSI-approved open-source license, so its terms need a review before you ship it. Review the terms, then add a policy override with a reason, or set \"rules\": {{ \"{RuleIds.PackageLicenseNotOsiOrDeprecated}\": \"none\" }}.",
                Data(package, expression));
        }
    }

    private void EvaluateProvenance(ResolvedPackage package, PackageFacts facts)
    {
        var subject = package.Subject;
        var signature = facts.Signature;
        if (!signature.Author && !signature.Repository)
        {
            Add(RuleIds.PackageUnsigned, subject,
                $"{subject} has no author or repository signature{(facts.SignatureReadable ? "" : " that could be decoded")}, so nothing shows it is the file its publisher or feed released. Prefer signed packages (nuget.org repository-signs every package, so an unsigned copy came from another feed), or set \"rules\": {{ \"{RuleIds.PackageUnsigned}\": \"none\" }}.");
        }

        if (_trustedSigners.Count > 0)
        {
            var fingerprints = new[] { signature.AuthorFingerprint, signature.RepositoryFingerprint }.Where(f => f is not null).ToList();
            if (!fingerprints.Any(f => _trustedSigners.Contains(f!)))
            {
                var signers = fingerprints.Count == 0
                    ? "it is not signed"
                    : "it is signed by " + string.Join(" and ", new[]
                    {
                        signature.AuthorFingerprint is null ? null : $"author '{signature.AuthorSigner}' (SHA-256 {signature.AuthorFingerprint})",
                        signature.RepositoryFingerprint is null ? null : $"repository '{signature.RepositorySigner}' (SHA-256 {signature.RepositoryFingerprint})",
                    }.Where(s => s is not null));
                Add(RuleIds.PackageSignerUntrusted, subject,
                    $"{subject} is not signed by any certificate in packages.trustedSigners: {signers}. Add the fingerprint to trustedSigners if you trust that signer, or replace the package.",
                    new Dictionary<string, string>
                    {
                        ["authorFingerprint"] = signature.AuthorFingerprint ?? "",
                        ["repositoryFingerprint"] = signature.RepositoryFingerprint ?? "",
                    });
            }
        }

        if (_trustedSources.Count > 0)
        {
            if (facts.Source is null || !_trustedSources.Contains(NormalizeSource(facts.Source)))
            {
                var from = facts.Source is null ? "an unknown source (no .nupkg.metadata)" : $"'{facts.Source}'";
                Add(RuleIds.PackageSourceUntrusted, subject,
                    $"{subject} was restored from {from}, which is not in packages.trustedSources, so it may not be the copy your organization vetted. Restore it from a trusted feed (nuget.config <packageSourceMapping>), or add the source to trustedSources.",
                    new Dictionary<string, string> { ["source"] = facts.Source ?? "" });
            }
        }
    }

    private void EvaluateLock(ResolvedPackage package, PackageFacts facts, PackageReport report)
    {
        if (!_locked.TryGetValue(package.Id, out var entries))
        {
            return;
        }

        var subject = package.Subject;
        var version = package.Version;
        var sameVersion = entries.FirstOrDefault(e => NuGetVersion.TryParse(e.Version, out var v) && v.Equals(version));
        if (sameVersion?.ContentHash is { } lockedHash && facts.ContentHash is { } actualHash
            && !string.Equals(lockedHash, actualHash, StringComparison.Ordinal))
        {
            Add(RuleIds.PackageContentHashMismatch, subject,
                $"{subject} has content hash {Short(actualHash)} but trustcheck.lock.json recorded {Short(lockedHash)}: the package bytes changed under the same version (a different feed or a tampered copy). Clear it from the global packages folder and restore from a trusted source; run 'trustcheck lock' only once you trust the new bytes.",
                new Dictionary<string, string> { ["expected"] = lockedHash, ["actual"] = actualHash });
        }

        var previous = sameVersion ?? entries
            .Select(e => (Entry: e, Version: NuGetVersion.TryParse(e.Version, out var v) ? v : null))
            .Where(e => e.Version is not null)
            .OrderByDescending(e => e.Version)
            .Select(e => e.Entry)
            .FirstOrDefault();
        if (previous is null || facts.ManifestRead is false)
        {
            return;
        }

        var current = report.License.Expression;
        if (!string.Equals(previous.License, current, StringComparison.OrdinalIgnoreCase))
        {
            var was = previous.License ?? "unknown";
            var now = current ?? "unknown";
            var versions = previous.Version == version.ToNormalizedString() ? $"the same version {previous.Version}" : $"{previous.Version} → {version.ToNormalizedString()}";
            Add(RuleIds.PackageLicenseChanged, subject,
                $"{subject}: license changed from {was} to {now} since trustcheck.lock.json ({versions}). A new license can bring new obligations (e.g. a move to a commercial or copyleft license). Review it, then run 'trustcheck lock' to accept it, or pin the previous version.",
                new Dictionary<string, string> { ["previous"] = was, ["current"] = now, ["previousVersion"] = previous.Version });
        }
    }

    private PackageOverride? FindOverride(ResolvedPackage package)
    {
        PackageOverride? anyVersion = null;
        foreach (var entry in _context.Policy.Packages.Overrides)
        {
            if (!string.Equals(entry.Id, package.Id, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (entry.VersionRange is null)
            {
                anyVersion ??= entry;
            }
            else if (VersionRange.TryParse(entry.VersionRange, allowFloating: true, out var range) && range.Satisfies(package.Version))
            {
                return entry; // A version-specific override beats an id-only one.
            }
        }

        return anyVersion;
    }

    private static string UnknownLicenseMessage(string subject, PackageFacts facts, LicenseReport license)
    {
        var what = license.Kind switch
        {
            "file" => $"ships its license as the file '{facts.UnidentifiedLicenseFile}', whose text matches no known license",
            "url" => $"gives only a licenseUrl ({license.Url}) that does not name a known license",
            _ => "declares no license at all (no <license>, no licenseUrl)",
        };
        if (facts.UndeclaredLicenseFile is { } file)
        {
            what += $", and the license file '{file}' in its root, which the nuspec does not name, matches no known license text";
        }

        return $"{subject} {what}, so it cannot be checked against the policy. Read the license, then add \"packages.overrides\": {{ \"{subject}\": {{ \"license\": \"<SPDX id>\", \"reason\": \"…\" }} }} to trustcheck.json.";
    }

    private static string DescribeKind(LicenseReport license) => license.Kind switch
    {
        "expression" => "nuspec license expression",
        "file" => "identified from its license file",
        "url" => "from its licenseUrl",
        PackageFolderReader.UndeclaredFileKind => $"identified from the license file '{license.Source?.Replace("license-text:", "", StringComparison.Ordinal)}' in the package root; the nuspec declares no known license, so this is not the author's declaration",
        "override" => "policy override",
        _ => license.Kind,
    };

    private static Dictionary<string, string> Data(ResolvedPackage package, string? license) => new()
    {
        ["id"] = package.Id,
        ["version"] = package.Version.ToNormalizedString(),
        ["license"] = license ?? "",
    };

    private static string NormalizeSource(string source) => source.Trim().TrimEnd('/', '\\');

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private void Add(string ruleId, string subject, string message, IReadOnlyDictionary<string, string>? data = null, TrustCheck.Core.Rules.RuleSeverity? severity = null) =>
        _context.Findings.Add(ruleId, subject, message, _location, data, severity);
}
