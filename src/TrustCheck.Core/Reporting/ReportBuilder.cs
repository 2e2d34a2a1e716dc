using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>Turns collected findings and facts into the deterministic report: findings sorted by severity, rule, subject.</summary>
public static class ReportBuilder
{
    public static Report Build(IEnumerable<Finding> findings, IEnumerable<PackageReport> packages, IEnumerable<ModelReport> models, ProjectInfo? project = null)
    {
        return new Report
        {
            Project = project,
            Findings = findings
                .OrderByDescending(f => f.Severity)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.Subject, StringComparer.Ordinal)
                .ThenBy(f => f.Message, StringComparer.Ordinal)
                .Select(ToReport)
                .ToList(),
            Packages = packages
                .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
                .ThenBy(p => p.Version, StringComparer.Ordinal)
                .ToList(),
            Models = models.OrderBy(m => m.Path, StringComparer.Ordinal).ToList(),
        };
    }

    public static ReportFinding ToReport(Finding f) => new()
    {
        RuleId = f.RuleId,
        Severity = f.Severity.ToName(),
        Message = f.Message,
        Subject = f.Subject,
        Location = f.Location is null ? null : ToReport(f.Location),
        Data = f.Data is null ? null : new SortedDictionary<string, string>(f.Data.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
        Baselined = f.Baselined,
    };

    private static ReportLocation ToReport(FindingLocation location) => new(location.Path, location.Line, location.Column)
    {
        Note = location.Note,
        Related = location.Related is { Count: > 0 } related ? related.Select(ToReport).ToList() : null,
    };
}
