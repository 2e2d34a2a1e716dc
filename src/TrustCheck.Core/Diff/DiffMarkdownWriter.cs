using System.Text;
using TrustCheck.Core.Reporting;
using static TrustCheck.Core.Reporting.MarkdownReportWriter;

namespace TrustCheck.Core.Diff;

/// <summary>
/// The diff as a pull-request comment: a one-line verdict first (new errors / new warnings / nothing new), a count line,
/// then tables: new findings, packages, models, fixed findings. Cells are escaped like the Markdown report's and the
/// whole text stays under GitHub's comment limit: rows that do not fit are counted in a closing note.
/// </summary>
public static class DiffMarkdownWriter
{
    public static string Serialize(ProjectDiff diff)
    {
        var newErrors = diff.Findings.New.Count(f => f.Severity == "error");
        var newWarnings = diff.Findings.New.Count(f => f.Severity == "warning");
        var text = new StringBuilder();
        text.AppendLine(newErrors > 0 ? $"## :x: TrustCheck: this change brings {Plural(newErrors, "new error")}"
            : newWarnings > 0 ? $"## :warning: TrustCheck: this change brings {Plural(newWarnings, "new warning")}, no new error"
            : "## :white_check_mark: TrustCheck: no new error or warning").AppendLine();
        text.AppendLine($"Compared with {Code(diff.Base)}: packages {Counts(diff.Packages.Added.Count, diff.Packages.Removed.Count, diff.Packages.Changed.Count)}; " +
                        $"models {Counts(diff.Models.Added.Count, diff.Models.Removed.Count, diff.Models.Changed.Count)}; " +
                        $"findings {diff.Findings.New.Count} new, {diff.Findings.Fixed.Count} fixed, {diff.Findings.Unchanged} unchanged.").AppendLine();
        if (!diff.BaseHasFindings)
        {
            text.AppendLine("> The base is a lock file, which records no findings: a finding is new when it is about a package or model this change adds or changes.").AppendLine();
        }

        var budget = new Budget(text, MaxLength - 300);
        // Info findings ask nothing of the reviewer: counted and folded away, errors and warnings in the open.
        var newInfo = diff.Findings.New.Where(f => f.Severity == "info").ToList();
        budget.Table($"New findings ({newErrors + newWarnings})", "| severity | rule | subject | finding |\n|---|---|---|---|",
            diff.Findings.New.Where(f => f.Severity != "info").Select(FindingRow));
        budget.Table($"{Plural(newInfo.Count, "new info finding")}", "| severity | rule | subject | finding |\n|---|---|---|---|",
            newInfo.Select(FindingRow), folded: true);
        budget.Table("Packages", "| change | package | version | license |\n|---|---|---|---|",
            diff.Packages.Added.Select(p => $"| added | {Cell(p.Id)} | {Cell(p.Version)} | {License(p.License)} |")
                .Concat(diff.Packages.Changed.Select(PackageChangeRow))
                .Concat(diff.Packages.Removed.Select(p => $"| removed | {Cell(p.Id)} | {Cell(p.Version)} | {License(p.License)} |")));
        budget.Table("Models", "| change | model | sha256 | license | format | openness |\n|---|---|---|---|---|---|",
            diff.Models.Added.Select(m => $"| added | {Code(m.Path)} | {Hash(m.Sha256)} | {License(m.License)} | {Cell(m.Format ?? "—")} | {Cell(m.Openness ?? "—")} |")
                .Concat(diff.Models.Changed.Select(ModelChangeRow))
                .Concat(diff.Models.Removed.Select(m => $"| removed | {Code(m.Path)} | {Hash(m.Sha256)} | {License(m.License)} | {Cell(m.Format ?? "—")} | {Cell(m.Openness ?? "—")} |")));
        budget.Table($"Fixed findings ({diff.Findings.Fixed.Count})", "| severity | rule | subject | finding |\n|---|---|---|---|",
            diff.Findings.Fixed.Select(FindingRow));
        if (budget.Omitted > 0)
        {
            text.AppendLine($"> {Plural(budget.Omitted, "more row")} not shown: the comment would pass GitHub's size limit. See `trustcheck diff --format json`.");
        }

        return text.ToString();
    }

    private static string FindingRow(ReportFinding finding) =>
        $"| {finding.Severity} | [{finding.RuleId}]({finding.HelpUri}) | {Code(finding.Subject)} | {Cell(finding.Message)} |";

    private static string PackageChangeRow(PackageChange change)
    {
        var version = change.From == change.To ? Cell(change.To) : $"{Cell(change.From)} → {Cell(change.To)}";
        var license = change.LicenseChanged ? $"**{License(change.LicenseFrom)} → {License(change.LicenseTo)}**" : License(change.LicenseTo);
        var notes = new List<string>();
        if (change.SignatureChanged)
        {
            notes.Add($"signature {Cell(change.SignatureFrom!)} → {Cell(change.SignatureTo!)}");
        }

        if (change.RepositoryChanged)
        {
            notes.Add($"repository {Cell(change.RepositoryFrom!)} → {Cell(change.RepositoryTo!)}");
        }

        return $"| changed | {Cell(change.Id)} | {version} | {license}{(notes.Count > 0 ? "<br>" + string.Join("<br>", notes) : "")} |";
    }

    private static string ModelChangeRow(ModelChange change)
    {
        var hash = string.Equals(change.Sha256From, change.Sha256To, StringComparison.OrdinalIgnoreCase) ? Hash(change.Sha256To) : $"{Hash(change.Sha256From)} → {Hash(change.Sha256To)}";
        var license = change.LicenseChanged ? $"**{License(change.LicenseFrom)} → {License(change.LicenseTo)}**" : License(change.LicenseTo);
        var format = change.FormatChanged ? $"{Cell(change.FormatFrom!)} → {Cell(change.FormatTo!)}" : Cell(change.FormatTo ?? change.FormatFrom ?? "—");
        var openness = change.OpennessChanged ? $"**{Cell(change.OpennessFrom!)} → {Cell(change.OpennessTo!)}**" : Cell(change.OpennessTo ?? "—");
        return $"| changed | {Code(change.Path)} | {hash} | {license} | {format} | {openness} |";
    }

    private static string License(string? expression) => expression is null ? "unknown" : Cell(expression);

    /// <summary>The first 12 hex digits, as git shows commits: enough to tell two versions apart in a table.</summary>
    private static string Hash(string? sha256) => sha256 is null ? "—" : Code(sha256.Length > 12 ? sha256[..12] : sha256);

    private static string Counts(int added, int removed, int changed) => $"+{added} −{removed} ~{changed}";

    /// <summary>Appends tables while the text stays under the limit; counts the rows left out.</summary>
    private sealed class Budget(StringBuilder text, int limit)
    {
        public int Omitted { get; private set; }

        public void Table(string title, string header, IEnumerable<string> rows, bool folded = false)
        {
            var list = rows.ToList();
            if (list.Count == 0)
            {
                return;
            }

            var head = folded ? $"<details><summary>{title}</summary>\n\n{header}\n" : $"### {title}\n\n{header}\n";
            if (text.Length + head.Length > limit)
            {
                Omitted += list.Count;
                return;
            }

            text.Append(head);
            foreach (var row in list)
            {
                if (text.Length + row.Length + 1 > limit)
                {
                    Omitted++;
                    continue;
                }

                text.Append(row).Append('\n');
            }

            text.Append(folded ? "\n</details>\n\n" : "\n");
        }
    }
}
