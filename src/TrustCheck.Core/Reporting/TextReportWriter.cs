namespace TrustCheck.Core.Reporting;

/// <summary>Human-readable report: findings grouped by subject, one-line summary; ANSI colour only when asked (TTY).</summary>
public static class TextReportWriter
{
    public static void Write(Report report, TextWriter writer, bool color)
    {
        foreach (var group in report.Findings.GroupBy(f => f.Subject))
        {
            writer.WriteLine(group.Key);
            foreach (var finding in group)
            {
                writer.WriteLine($"  {Paint(finding.Severity, color)} {finding.RuleId}: {finding.Message}");
            }
        }

        var errors = report.Findings.Count(f => f.Severity == "error");
        var warnings = report.Findings.Count(f => f.Severity == "warning");
        var infos = report.Findings.Count(f => f.Severity == "info");
        writer.WriteLine($"{report.Packages.Count} packages ({report.Packages.Count(p => p.Ml)} ML), {report.Models.Count} models: {errors} errors, {warnings} warnings, {infos} info");
    }

    private static string Paint(string severity, bool color)
    {
        if (!color)
        {
            return severity;
        }

        var code = severity switch { "error" => "31", "warning" => "33", _ => "36" };
        return $"\u001b[{code}m{severity}\u001b[0m";
    }
}
