using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Baselines;

/// <summary>
/// Lowers the findings a baseline lists to info (marked <see cref="Finding.Baselined"/>) and adds one TC9008 per entry
/// that matched nothing, so the file shrinks as findings get fixed. Fingerprints use paths relative to the baseline's
/// folder: a CLI run from the repository root and a build in the project folder match the same entries.
/// </summary>
public static class BaselineApplier
{
    public static List<Finding> Apply(IReadOnlyList<Finding> findings, TrustCheckBaseline baseline, string baselinePath,
        string workingDirectory, Func<string, RuleSeverity> severityOf, Func<string, string> displayPath)
    {
        var normalize = FindingFingerprint.AnchoredTo(workingDirectory, Path.GetDirectoryName(Path.GetFullPath(baselinePath))!);
        var entries = baseline.Findings.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var fingerprint = Fingerprint(finding, normalize);
            if (finding.Severity > RuleSeverity.Info && entries.ContainsKey(fingerprint))
            {
                matched.Add(fingerprint);
                result.Add(finding with { Severity = RuleSeverity.Info, Baselined = true });
            }
            else
            {
                result.Add(finding);
            }
        }

        var staleSeverity = severityOf(RuleIds.BaselineEntryStale);
        if (staleSeverity == RuleSeverity.None)
        {
            return result;
        }

        var shownPath = displayPath(baselinePath);
        foreach (var (fingerprint, entry) in entries.Where(e => !matched.Contains(e.Key)).OrderBy(e => e.Value.RuleId, StringComparer.Ordinal).ThenBy(e => e.Value.Subject, StringComparer.Ordinal))
        {
            result.Add(new Finding(RuleIds.BaselineEntryStale, staleSeverity,
                $"Baseline entry {entry.RuleId} on '{entry.Subject}' no longer matches any finding; remove it from {TrustCheckBaseline.FileName}.",
                shownPath, new FindingLocation(shownPath),
                new Dictionary<string, string> { ["fingerprint"] = fingerprint, ["baselineRuleId"] = entry.RuleId, ["baselineSubject"] = entry.Subject }));
        }

        return result;
    }

    /// <summary>The entries `trustcheck baseline` writes: today's warnings and errors (info asks nothing of anyone), reasons kept from <paramref name="previous"/>.</summary>
    public static TrustCheckBaseline Create(IReadOnlyList<ReportFinding> findings, string baselinePath, string workingDirectory, TrustCheckBaseline? previous)
    {
        var normalize = FindingFingerprint.AnchoredTo(workingDirectory, Path.GetDirectoryName(Path.GetFullPath(baselinePath))!);
        var reasons = previous?.Findings.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var baseline = new TrustCheckBaseline();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings.Where(f => f.Severity is "error" or "warning" && f.RuleId != RuleIds.BaselineEntryStale))
        {
            var fingerprint = FindingFingerprint.Of(finding, normalize);
            if (seen.Add(fingerprint))
            {
                baseline.Findings.Add(new BaselineEntry
                {
                    Fingerprint = fingerprint,
                    RuleId = finding.RuleId,
                    Subject = finding.Subject,
                    Message = finding.Message,
                    Reason = reasons.GetValueOrDefault(fingerprint, ""),
                });
            }
        }

        return baseline;
    }

    private static string Fingerprint(Finding finding, Func<string, string> normalize) => FindingFingerprint.Of(ReportBuilder.ToReport(finding), normalize);
}
