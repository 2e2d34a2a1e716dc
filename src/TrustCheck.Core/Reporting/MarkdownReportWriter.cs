using System.Text;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// A Markdown summary for pull-request comments and CI step summaries: a pass/fail headline with counts by severity, the
/// findings grouped by severity (rule linked to its page), the ML packages and the models with license and openness.
/// Table cells are escaped; the whole text stays under GitHub's comment limit, cutting the findings table with a note.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>GitHub rejects comments longer than 65,536 characters; keep a margin for the truncation note and tables after it.</summary>
    public const int MaxLength = 65_000;

    private static readonly string[] Severities = ["error", "warning", "info"];

    public static string Serialize(Report report)
    {
        var counts = Severities.ToDictionary(s => s, s => report.Findings.Count(f => f.Severity == s));
        var mlPackages = report.Packages.Where(p => p.Ml).ToList();
        var head = new StringBuilder();
        var incomplete = report.Findings.Any(f => f.RuleId is TrustCheck.Rules.RuleIds.RestoreOutputMissing or TrustCheck.Rules.RuleIds.RestoreFailed);
        head.AppendLine(counts["error"] > 0 ? "## :x: TrustCheck: failed"
            : incomplete ? "## :warning: TrustCheck: incomplete (restore output missing or failed)"
            : "## :white_check_mark: TrustCheck: passed").AppendLine();
        var projects = report.Projects is { } list ? $"{Plural(list.Count, "project")}, {Plural(report.Packages.Count, "unique package")}" : Plural(report.Packages.Count, "package");
        head.AppendLine($"{projects} ({mlPackages.Count} ML), {Plural(report.Models.Count, "model")}: " +
                        $"**{Plural(counts["error"], "error")}**, {Plural(counts["warning"], "warning")}, {counts["info"]} info.").AppendLine();

        // The inventory tables are short and always shown; the findings table gives way when the text would be too long.
        var tail = new StringBuilder();
        AppendProjectsWithFindings(tail, report);
        AppendMlPackages(tail, mlPackages);
        AppendModels(tail, report.Models);

        var body = new StringBuilder();
        var budget = MaxLength - head.Length - tail.Length - 200;
        var written = 0;
        foreach (var severity in Severities)
        {
            var findings = report.Findings.Where(f => f.Severity == severity).ToList();
            if (findings.Count == 0)
            {
                continue;
            }

            var section = new StringBuilder();
            section.AppendLine($"### {Capitalized(severity)} ({findings.Count})").AppendLine();
            section.AppendLine("| rule | subject | finding |").AppendLine("|---|---|---|");
            if (body.Length + section.Length > budget)
            {
                break;
            }

            body.Append(section);
            foreach (var finding in findings)
            {
                var row = $"| [{finding.RuleId}]({finding.HelpUri}) | {Code(finding.Subject)}{Where(finding)} | {Cell(finding.Message)} |\n";
                if (body.Length + row.Length > budget)
                {
                    break;
                }

                body.Append(row);
                written++;
            }

            body.AppendLine();
            if (written < report.Findings.Count(f => Array.IndexOf(Severities, f.Severity) <= Array.IndexOf(Severities, severity)))
            {
                break;
            }
        }

        if (written < report.Findings.Count)
        {
            body.AppendLine($"> {report.Findings.Count - written} more findings are not shown: the comment would pass GitHub's size limit. " +
                            "See the full report (`trustcheck check --format json` or SARIF).").AppendLine();
        }

        return head.Append(body).Append(tail).ToString();
    }

    /// <summary>A solution check: which projects have findings, worst first, so reviewers know whose change to look at.</summary>
    private static void AppendProjectsWithFindings(StringBuilder text, Report report)
    {
        if (report.Projects is not { } projects)
        {
            return;
        }

        var byProject = report.Findings.Where(f => f.Data?.ContainsKey("project") == true).GroupBy(f => f.Data!["project"], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = projects.Where(p => byProject.ContainsKey(p.Path))
            .Select(p => (Project: p, Counts: Severities.Select(s => byProject[p.Path].Count(f => f.Severity == s)).ToArray()))
            .OrderByDescending(r => r.Counts[0]).ThenByDescending(r => r.Counts[1]).ThenBy(r => r.Project.Path, StringComparer.Ordinal)
            .ToList();
        text.AppendLine($"### Projects with findings ({rows.Count} of {projects.Count})").AppendLine();
        if (rows.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
            return;
        }

        text.AppendLine("| project | errors | warnings | info |").AppendLine("|---|---|---|---|");
        foreach (var (project, counts) in rows)
        {
            text.AppendLine($"| {Code(project.Path)} | {counts[0]} | {counts[1]} | {counts[2]} |");
        }

        text.AppendLine();
    }

    private static void AppendMlPackages(StringBuilder text, List<PackageReport> packages)
    {
        if (packages.Count == 0)
        {
            return;
        }

        text.AppendLine("### ML packages").AppendLine().AppendLine("| package | version | license | signed | direct |").AppendLine("|---|---|---|---|---|");
        foreach (var package in packages)
        {
            var signed = package.Signature.Author ? "author" : package.Signature.Repository ? "repository" : "no";
            text.AppendLine($"| {Cell(package.Id)} | {Cell(package.Version)} | {License(package.License)} | {signed} | {YesNo(package.Direct)} |");
        }

        text.AppendLine();
    }

    private static void AppendModels(StringBuilder text, List<ModelReport> models)
    {
        if (models.Count == 0)
        {
            return;
        }

        text.AppendLine("### Models").AppendLine().AppendLine("| model | format | license | openness | restrictions | locked | signed |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var model in models)
        {
            var restrictions = model.Openness.Restrictions.Count > 0 ? Cell(string.Join(", ", model.Openness.Restrictions)) : "—";
            text.AppendLine($"| {Code(model.Path)} | {Cell(model.Format)} | {License(model.License)} | {Cell(model.Openness.Class)} | {restrictions} | {YesNo(model.Provenance.Locked)} | {YesNo(model.Provenance.Signed)} |");
        }

        text.AppendLine();
    }

    private static string License(LicenseReport license) =>
        license.Expression is { } expression ? $"{Cell(expression)} ({Cell(license.Kind)})" : "unknown";

    private static string Where(ReportFinding finding)
    {
        var where = finding.Location is { Line: int line } location ? $"<br>{Code($"{location.Path}:{line}")}" : "";
        // A solution check: name the project when the line does not already (CPM lines sit in Directory.Packages.props).
        return finding.Data?.GetValueOrDefault("project") is { } project && !(where.Length > 0 && finding.Location!.Path == project)
            ? $"{where}<br>in {Code(project)}"
            : where;
    }

    internal static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>
    /// One table cell of untrusted text: no line breaks, pipes escaped (they end a cell even inside code), HTML and
    /// Markdown punctuation neutralized so a package description or model path cannot inject links, images or mentions.
    /// </summary>
    internal static string Cell(string text)
    {
        var cell = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' or '\n' or '\t':
                    cell.Append(' ');
                    break;
                case '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!' or '~':
                    cell.Append('\\').Append(c);
                    break;
                case '@' when i == 0 || !char.IsLetterOrDigit(text[i - 1]):
                    // "@org/team" in a comment pings people (Id@Version does not); a zero-width joiner keeps it readable but inert.
                    cell.Append("@\u200D");
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return cell.ToString();
    }

    /// <summary>A code span: only the pipe needs escaping inside it (GFM table rule); backticks are replaced, not escaped.</summary>
    internal static string Code(string text) =>
        "`" + text.Replace('`', '\'').Replace("|", "\\|").Replace('\r', ' ').Replace('\n', ' ') + "`";
}
