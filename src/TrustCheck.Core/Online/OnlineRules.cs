using NuGet.Versioning;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Online;

/// <summary>The online package rules: TC2006 (deprecated or vulnerable) and TC1005 (the latest version has another license).</summary>
internal sealed class OnlineRules(CheckContext context, FindingLocation location)
{
    public void Evaluate(PackageReport package, OnlinePackageReport online)
    {
        var subject = $"{package.Id}@{package.Version}";
        if (online.Deprecation is { } deprecation)
        {
            ReportDeprecation(subject, online, deprecation);
        }

        if (online.Vulnerabilities is { Count: > 0 } vulnerabilities)
        {
            ReportVulnerabilities(subject, package.Version, online, vulnerabilities);
        }

        ReportLicenseChange(package, online);
    }

    private void ReportDeprecation(string subject, OnlinePackageReport online, DeprecationReport deprecation)
    {
        var reasons = deprecation.Reasons.Count > 0 ? string.Join(", ", deprecation.Reasons) : "no reason given";
        var message = deprecation.Message is null ? "" : $": \"{OneLine(deprecation.Message)}\"";
        var fix = deprecation.AlternatePackage is { } alternate
            ? $"The source recommends {alternate} instead; move to it"
            : "Move to a supported package or version";
        var data = new Dictionary<string, string> { ["kind"] = "deprecated", ["reasons"] = string.Join(",", deprecation.Reasons), ["source"] = online.Source };
        if (deprecation.AlternatePackage is not null)
        {
            data["alternatePackage"] = deprecation.AlternatePackage;
        }

        context.Findings.Add(RuleIds.PackageDeprecatedOrVulnerable, subject,
            $"{subject} is deprecated on {online.Source} ({reasons}){message}. A deprecated package gets no fixes. {fix}, or accept it with \"rules\": {{ \"TC2006\": \"none\" }} in trustcheck.json or NoWarn TC2006.",
            location, data);
    }

    private void ReportVulnerabilities(string subject, string version, OnlinePackageReport online, List<VulnerabilityReport> vulnerabilities)
    {
        var list = string.Join("; ", vulnerabilities.Select(v => $"{v.Severity}: {v.AdvisoryUrl}"));
        var noun = vulnerabilities.Count == 1 ? "a known vulnerability" : $"{vulnerabilities.Count} known vulnerabilities";
        var upgrade = online.LatestVersion is { } latest && latest != version ? $" (latest: {latest})" : "";
        var data = new Dictionary<string, string>
        {
            ["kind"] = "vulnerable",
            ["severity"] = vulnerabilities[0].Severity,
            ["advisories"] = string.Join(" ", vulnerabilities.Select(v => v.AdvisoryUrl)),
            ["source"] = online.Source,
        };
        context.Findings.Add(RuleIds.PackageDeprecatedOrVulnerable, subject,
            $"{subject} has {noun} ({list}). Vulnerable code ships in the app until the package is upgraded: upgrade to a version the advisories list as fixed{upgrade}.",
            location, data);
    }

    private void ReportLicenseChange(PackageReport package, OnlinePackageReport online)
    {
        var current = package.License.Expression;
        if (current is null || online.LatestVersion is null
            || !NuGetVersion.TryParse(package.Version, out var currentVersion)
            || !NuGetVersion.TryParse(online.LatestVersion, out var latestVersion)
            || latestVersion <= currentVersion)
        {
            return;
        }

        var subject = $"{package.Id}@{package.Version}";
        if (online.LatestLicense is { } latest)
        {
            if (!string.Equals(current.Trim(), latest.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                context.Findings.Add(RuleIds.PackageUpgradeChangesLicense, subject,
                    $"Upgrading {package.Id} from {package.Version} to {online.LatestVersion} changes its license from {current} to {latest}. Review {latest} before upgrading; pin the version or allow the new license in trustcheck.json.",
                    location,
                    new Dictionary<string, string> { ["currentLicense"] = current, ["latestLicense"] = latest, ["latestVersion"] = online.LatestVersion, ["source"] = online.Source });
            }

            return;
        }

        // The latest names a license file whose text was not read: only a visible change of kind (expression → file) is reported.
        if (online.LatestLicenseFile is { } file && package.License.Kind != "file")
        {
            context.Findings.Add(RuleIds.PackageUpgradeChangesLicense, subject,
                $"Upgrading {package.Id} from {package.Version} to {online.LatestVersion} changes its license from {current} to a license file ({file}) that was not downloaded. Review {file} in the {online.LatestVersion} package before upgrading; pin the version or allow the new license in trustcheck.json.",
                location,
                new Dictionary<string, string> { ["currentLicense"] = current, ["latestLicenseFile"] = file, ["latestVersion"] = online.LatestVersion, ["source"] = online.Source });
        }
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
