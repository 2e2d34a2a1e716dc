using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Diff;

/// <summary>The diff for a terminal or a CI log: a verdict line, then one line per change.</summary>
public static class DiffTextWriter
{
    public static void Write(ProjectDiff diff, TextWriter writer)
    {
        var newErrors = diff.Findings.New.Count(f => f.Severity == "error");
        var newWarnings = diff.Findings.New.Count(f => f.Severity == "warning");
        writer.WriteLine($"TrustCheck diff against {diff.Base}: {MarkdownReportWriter.Plural(newErrors, "new error")}, {MarkdownReportWriter.Plural(newWarnings, "new warning")}; " +
                         $"{diff.Findings.New.Count} new, {diff.Findings.Fixed.Count} fixed, {diff.Findings.Unchanged} unchanged findings.");
        Section(writer, "Packages",
            diff.Packages.Added.Select(p => $"+ {p.Id} {p.Version} ({p.License ?? "unknown license"})")
                .Concat(diff.Packages.Changed.Select(c => $"~ {c.Id} {c.From} -> {c.To}" + (c.LicenseChanged ? $" (license {c.LicenseFrom ?? "unknown"} -> {c.LicenseTo ?? "unknown"})" : $" ({c.LicenseTo ?? "unknown license"})")
                    + (c.SignatureChanged ? $" (signature {c.SignatureFrom} -> {c.SignatureTo})" : "") + (c.RepositoryChanged ? $" (repository {c.RepositoryFrom} -> {c.RepositoryTo})" : "")))
                .Concat(diff.Packages.Removed.Select(p => $"- {p.Id} {p.Version}")));
        Section(writer, "Models",
            diff.Models.Added.Select(m => $"+ {m.Path} ({m.Format}, {m.License ?? "unknown license"}, {m.Openness})")
                .Concat(diff.Models.Changed.Select(c => $"~ {c.Path} sha256 {Short(c.Sha256From)} -> {Short(c.Sha256To)}" + (c.LicenseChanged ? $" (license {c.LicenseFrom ?? "unknown"} -> {c.LicenseTo ?? "unknown"})" : "")))
                .Concat(diff.Models.Removed.Select(m => $"- {m.Path}")));
        Section(writer, "New findings", diff.Findings.New.Select(f => $"{f.Severity} {f.RuleId} {f.Subject}: {f.Message}"));
        Section(writer, "Fixed findings", diff.Findings.Fixed.Select(f => $"{f.Severity} {f.RuleId} {f.Subject}: {f.Message}"));
    }

    private static void Section(TextWriter writer, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine($"{title}:");
        foreach (var line in list)
        {
            writer.WriteLine("  " + line);
        }
    }

    private static string Short(string? sha256) => sha256 is null ? "none" : sha256.Length > 12 ? sha256[..12] : sha256;
}
