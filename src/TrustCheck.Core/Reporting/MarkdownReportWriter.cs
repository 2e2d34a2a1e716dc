using System.Text;

namespace TrustCheck.Core.Reporting;

/// <summary>A Markdown summary for pull-request comments and CI job summaries.</summary>
public static class MarkdownReportWriter
{
    public static string Serialize(Report report)
    {
        var text = new StringBuilder();
        var errors = report.Findings.Count(f => f.Severity == "error");
        var warnings = report.Findings.Count(f => f.Severity == "warning");
        var infos = report.Findings.Count(f => f.Severity == "info");
        text.AppendLine("## TrustCheck report").AppendLine();
        text.AppendLine($"{report.Packages.Count} packages ({report.Packages.Count(p => p.Ml)} ML), {report.Models.Count} models: " +
                        $"**{errors} errors**, {warnings} warnings, {infos} info.").AppendLine();

        if (report.Findings.Count > 0)
        {
            text.AppendLine("| severity | rule | subject | finding |").AppendLine("|---|---|---|---|");
            foreach (var finding in report.Findings)
            {
                text.AppendLine($"| {finding.Severity} | [{finding.RuleId}]({finding.HelpUri}) | `{Cell(finding.Subject)}` | {Cell(finding.Message)} |");
            }

            text.AppendLine();
        }

        if (report.Models.Count > 0)
        {
            text.AppendLine("### Models").AppendLine().AppendLine("| model | format | license | openness | locked | signed |").AppendLine("|---|---|---|---|---|---|");
            foreach (var model in report.Models)
            {
                text.AppendLine($"| `{Cell(model.Path)}` | {model.Format} | {Cell(model.License.Expression ?? "unknown")} | {model.Openness.Class} | {YesNo(model.Provenance.Locked)} | {YesNo(model.Provenance.Signed)} |");
            }

            text.AppendLine();
        }

        var mlPackages = report.Packages.Where(p => p.Ml).ToList();
        if (mlPackages.Count > 0)
        {
            text.AppendLine("### ML packages").AppendLine().AppendLine("| package | license | signed | repository |").AppendLine("|---|---|---|---|");
            foreach (var package in mlPackages)
            {
                var signed = package.Signature.Author ? "author" : package.Signature.Repository ? "repository" : "no";
                text.AppendLine($"| {Cell(package.Id)} {Cell(package.Version)} | {Cell(package.License.Expression ?? "unknown")} ({package.License.Kind}) | {signed} | {Cell(package.Repository?.Url ?? "—")} |");
            }
        }

        return text.ToString();
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
