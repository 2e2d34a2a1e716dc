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

        WriteModels(report.Models, writer);

        var errors = report.Findings.Count(f => f.Severity == "error");
        var warnings = report.Findings.Count(f => f.Severity == "warning");
        var infos = report.Findings.Count(f => f.Severity == "info");
        writer.WriteLine($"{report.Packages.Count} packages ({report.Packages.Count(p => p.Ml)} ML), {report.Models.Count} models: {errors} errors, {warnings} warnings, {infos} info");
    }

    /// <summary>One line per model: format, size, short hash, license with openness, lock and signature state.</summary>
    private static void WriteModels(IReadOnlyList<ModelReport> models, TextWriter writer)
    {
        if (models.Count == 0)
        {
            return;
        }

        writer.WriteLine("Models:");
        foreach (var model in models)
        {
            var files = model.Files is { Count: > 0 } list ? $", {list.Count} files" : "";
            var hash = model.Sha256 is { Length: >= 12 } sha ? $"  sha256 {sha[..12]}…" : "";
            var openness = model.Openness.Restrictions.Count > 0
                ? $"{model.Openness.Class}: {string.Join(", ", model.Openness.Restrictions)}"
                : model.Openness.Class;
            var license = model.License.Expression is null ? "license unknown" : $"license {model.License.Expression} ({openness})";
            var locked = model.Provenance.Locked ? "locked" : "not locked";
            var signature = model.Provenance.Signature ?? (model.Provenance.Signed ? "signed" : "unsigned");
            writer.WriteLine($"  {model.Path}  {model.Format}  {Size(model.Size)}{files}{hash}  {license}  {locked}  signature {signature}");
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} B",
    };

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
