using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Baselines;

/// <summary>
/// Lowers the findings a baseline lists to info (marked <see cref="Finding.Baselined"/>) and adds one TC9008 per entry
/// that matched nothing, so the file shrinks as findings get fixed. Fingerprints use paths relative to the baseline's
/// folder: a CLI run from the repository root and a build in the project folder match the same entries.
/// The fingerprint leaves out <c>data.project</c> (a solution run tags each finding with it, a project's own build does
/// not), so one entry matches the finding in `check SLN`, `check PROJECT` and the project's build. The project is kept
/// beside it (<see cref="BaselineEntry.Project"/>, one entry per project): a run judges only its own projects' entries.
/// </summary>
public static class BaselineApplier
{
    /// <param name="coveredProjects">Full paths of the projects the run checked; null = judge every entry (no project known).</param>
    public static List<Finding> Apply(IReadOnlyList<Finding> findings, TrustCheckBaseline baseline, string baselinePath,
        string workingDirectory, Func<string, RuleSeverity> severityOf, Func<string, string> displayPath, IReadOnlyCollection<string>? coveredProjects = null)
    {
        var normalize = FindingFingerprint.AnchoredTo(workingDirectory, Path.GetDirectoryName(Path.GetFullPath(baselinePath))!);
        var covered = coveredProjects?.Select(normalize).ToHashSet(StringComparer.Ordinal);
        var fingerprints = baseline.Findings.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<(string Fingerprint, string? Project)>();
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var report = ReportBuilder.ToReport(finding);
            var fingerprint = FindingFingerprint.Of(WithoutProject(report), normalize);
            if (finding.Severity > RuleSeverity.Info && fingerprints.Contains(fingerprint))
            {
                matched.Add((fingerprint, null));
                matched.Add((fingerprint, ProjectOf(report, normalize, covered)));
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

        // An entry of a project this run did not check is not stale: that project was not looked at.
        var stale = baseline.Findings
            .Where(e => covered is null || e.Project is null || covered.Contains(e.Project))
            .Where(e => !matched.Contains((e.Fingerprint, covered is null ? null : e.Project)))
            .DistinctBy(e => e.Fingerprint, StringComparer.Ordinal)
            .OrderBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Subject, StringComparer.Ordinal);
        var shownPath = displayPath(baselinePath);
        foreach (var entry in stale)
        {
            var data = new Dictionary<string, string> { ["fingerprint"] = entry.Fingerprint, ["baselineRuleId"] = entry.RuleId, ["baselineSubject"] = entry.Subject };
            if (entry.Project is { } project)
            {
                data["baselineProject"] = project;
            }

            result.Add(new Finding(RuleIds.BaselineEntryStale, staleSeverity,
                $"Baseline entry {entry.RuleId} on '{entry.Subject}'{(entry.Project is null ? "" : $" ({entry.Project})")} no longer matches any finding; remove it from {TrustCheckBaseline.FileName}.",
                shownPath, new FindingLocation(shownPath), data));
        }

        return result;
    }

    /// <summary>
    /// The entries `trustcheck baseline` writes: today's warnings and errors (info asks nothing of anyone), one per finding
    /// and project, reasons kept from <paramref name="previous"/>. Entries of projects this run did not cover
    /// (<paramref name="coveredProjects"/>, full paths) stay as they were, so one project of a shared baseline can be
    /// rewritten without losing the others.
    /// </summary>
    public static TrustCheckBaseline Create(IReadOnlyList<ReportFinding> findings, string baselinePath, string workingDirectory, TrustCheckBaseline? previous,
        IReadOnlyCollection<string>? coveredProjects = null)
    {
        var normalize = FindingFingerprint.AnchoredTo(workingDirectory, Path.GetDirectoryName(Path.GetFullPath(baselinePath))!);
        var covered = coveredProjects?.Select(normalize).ToHashSet(StringComparer.Ordinal);
        var old = previous?.Findings ?? [];
        var reasons = old.Where(e => e.Reason.Length > 0).GroupBy(e => e.Fingerprint, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var baseline = new TrustCheckBaseline();
        var seen = new HashSet<(string Fingerprint, string? Project)>();
        foreach (var finding in findings.Where(f => f.Severity is "error" or "warning" && f.RuleId != RuleIds.BaselineEntryStale))
        {
            var fingerprint = FindingFingerprint.Of(WithoutProject(finding), normalize);
            var project = ProjectOf(finding, normalize, covered);
            if (seen.Add((fingerprint, project)))
            {
                // The reason given for this project's entry, else one given for the same finding elsewhere.
                var given = reasons.GetValueOrDefault(fingerprint);
                baseline.Findings.Add(new BaselineEntry
                {
                    Fingerprint = fingerprint,
                    RuleId = finding.RuleId,
                    Subject = finding.Subject,
                    Project = project,
                    Message = finding.Message,
                    Reason = (given?.FirstOrDefault(e => e.Project == project) ?? given?.FirstOrDefault())?.Reason ?? "",
                });
            }
        }

        if (covered is not null)
        {
            baseline.Findings.AddRange(old.Where(e => e.Project is not null && !covered.Contains(e.Project) && seen.Add((e.Fingerprint, e.Project))));
        }

        return baseline;
    }

    /// <summary>The finding's project relative to the baseline: its <c>data.project</c> (a set run), else the one project the run covered.</summary>
    private static string? ProjectOf(ReportFinding finding, Func<string, string> normalize, HashSet<string>? covered) =>
        finding.Data?.GetValueOrDefault("project") is { } project ? normalize(project) : covered is { Count: 1 } ? covered.First() : null;

    /// <summary>The finding as a project's own run reports it: without the <c>project</c> a set run adds.</summary>
    private static ReportFinding WithoutProject(ReportFinding finding) => finding.Data?.ContainsKey("project") != true
        ? finding
        : new ReportFinding
        {
            RuleId = finding.RuleId,
            Severity = finding.Severity,
            Message = finding.Message,
            Subject = finding.Subject,
            Location = finding.Location,
            Data = finding.Data.Where(kv => kv.Key != "project").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
}
