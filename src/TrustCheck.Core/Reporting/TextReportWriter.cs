namespace TrustCheck.Core.Reporting;

/// <summary>
/// Human-readable report: ML packages first (each with its license, even without findings), then other packages with
/// findings, then models, then everything else (policy, restore); a one-line summary last. ANSI colour only when asked (TTY).
/// </summary>
public static class TextReportWriter
{
    public static void Write(Report report, TextWriter writer, bool color)
    {
        var paint = new Painter(color);
        var findingsBySubject = report.Findings
            .GroupBy(f => f.Subject, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var shown = new HashSet<string>(StringComparer.Ordinal);

        var mlPackages = report.Packages.Where(p => p.Ml).ToList();
        if (mlPackages.Count > 0)
        {
            writer.WriteLine(paint.Bold($"ML packages ({mlPackages.Count})"));
            foreach (var package in mlPackages)
            {
                WritePackage(writer, paint, package, findingsBySubject, shown);
            }
        }

        var otherPackages = report.Packages.Where(p => !p.Ml && findingsBySubject.ContainsKey(SubjectOf(p))).ToList();
        if (otherPackages.Count > 0)
        {
            writer.WriteLine(paint.Bold($"Other packages with findings ({otherPackages.Count} of {report.Packages.Count - mlPackages.Count})"));
            foreach (var package in otherPackages)
            {
                WritePackage(writer, paint, package, findingsBySubject, shown);
            }
        }

        if (report.Models.Count > 0)
        {
            writer.WriteLine(paint.Bold($"Models ({report.Models.Count})"));
            foreach (var model in report.Models)
            {
                // A store model's findings are about its reference (ollama:…, hf:…): that is what the user re-pulls.
                var reference = Remote.ModelReference.LooksLikeReference(model.Provenance.Source) ? model.Provenance.Source! : null;
                writer.WriteLine($"  {paint.Bold(reference ?? model.Path)}  {ModelSummary(model)}");
                WriteFindings(writer, paint, reference ?? model.Path, findingsBySubject, shown);
            }
        }

        var rest = report.Findings.Where(f => !shown.Contains(f.Subject)).Select(f => f.Subject).Distinct(StringComparer.Ordinal).ToList();
        if (rest.Count > 0)
        {
            writer.WriteLine(paint.Bold("Other findings"));
            foreach (var subject in rest)
            {
                writer.WriteLine($"  {paint.Bold(subject)}");
                WriteFindings(writer, paint, subject, findingsBySubject, shown);
            }
        }

        var errors = report.Findings.Count(f => f.Severity == "error");
        var warnings = report.Findings.Count(f => f.Severity == "warning");
        var infos = report.Findings.Count(f => f.Severity == "info");
        // Without complete restore output the package graph is partial: whatever the severities, that is no pass.
        var incomplete = report.Findings.Any(f => f.RuleId is TrustCheck.Rules.RuleIds.RestoreOutputMissing or TrustCheck.Rules.RuleIds.RestoreFailed);
        var verdict = errors > 0 ? paint.Severity("error", "FAILED") : incomplete ? paint.Severity("warning", "INCOMPLETE") : paint.Green("passed");
        var inventory = report.Projects is { } projects
            ? $"{Count(projects.Count, "project")}, {report.Packages.Count} unique packages ({mlPackages.Count} ML), {report.Models.Count} models"
            : $"{report.Packages.Count} packages ({mlPackages.Count} ML), {report.Models.Count} models";
        writer.WriteLine($"{verdict}: {inventory}: {errors} errors, {warnings} warnings, {infos} info");
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static void WritePackage(TextWriter writer, Painter paint, PackageReport package,
        Dictionary<string, List<ReportFinding>> findings, HashSet<string> shown)
    {
        var license = package.License.Expression is { } expression
            ? $"{expression} ({package.License.Kind})"
            : $"license unknown ({package.License.Kind})";
        var signed = package.Signature.Author ? "author-signed" : package.Signature.Repository ? "repository-signed" : "unsigned";
        var used = package.Projects is { } projects ? $", used by {Count(projects.Count, "project")}" : "";
        writer.WriteLine($"  {paint.Bold(package.Id)} {package.Version}  {license}  {(package.Direct ? "direct" : "transitive")}, {signed}{used}");
        WriteFindings(writer, paint, SubjectOf(package), findings, shown);
    }

    private static void WriteFindings(TextWriter writer, Painter paint, string subject,
        Dictionary<string, List<ReportFinding>> findings, HashSet<string> shown)
    {
        if (!findings.TryGetValue(subject, out var list))
        {
            return;
        }

        shown.Add(subject);
        // In a solution the same finding comes once per project: say it once, then where, for each project.
        foreach (var same in list.GroupBy(f => (f.Severity, f.RuleId, f.Message)))
        {
            writer.WriteLine($"    {paint.Severity(same.Key.Severity, same.Key.Severity)} {same.Key.RuleId}: {same.Key.Message}");
            foreach (var finding in same)
            {
                var project = finding.Data?.GetValueOrDefault("project") is { } p ? $" [{p}]" : "";
                if (finding.Location is { Line: int line } location)
                {
                    // "path:line" is what terminals and editors turn into a link; the note says why this line.
                    writer.WriteLine($"      at {location.Path}:{line}{(location.Note is { } note ? $" ({note.TrimEnd('.')})" : "")}{project}");
                }
                else if (project.Length > 0)
                {
                    writer.WriteLine($"      in{project}");
                }
            }
        }
    }

    /// <summary>Format, size, short hash, license with openness, lock and signature state: the facts a reviewer asks for first.</summary>
    private static string ModelSummary(ModelReport model)
    {
        var files = model.Files is { Count: > 0 } list ? $", {list.Count} files" : "";
        var hash = model.Sha256 is { Length: >= 12 } sha ? $"  sha256 {sha[..12]}…" : "";
        var openness = model.Openness.Restrictions.Count > 0
            ? $"{model.Openness.Class}: {string.Join(", ", model.Openness.Restrictions)}"
            : model.Openness.Class;
        var license = model.License.Expression is null ? "license unknown" : $"{model.License.Expression} ({openness})";
        var locked = model.Provenance.Locked ? "locked" : "not locked";
        var signature = model.Provenance.Signature ?? (model.Provenance.Signed ? "signed" : "unsigned");
        return $"{model.Format}  {Size(model.Size)}{files}{hash}  {license}  {locked}, signature {signature}";
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} B",
    };

    private static string SubjectOf(PackageReport package) => $"{package.Id}@{package.Version}";

    private readonly struct Painter(bool color)
    {
        public string Bold(string text) => color ? $"\u001b[1m{text}\u001b[0m" : text;

        public string Green(string text) => color ? $"\u001b[32m{text}\u001b[0m" : text;

        public string Severity(string severity, string text)
        {
            if (!color)
            {
                return text;
            }

            var code = severity switch { "error" => "31", "warning" => "33", _ => "36" };
            return $"\u001b[{code}m{text}\u001b[0m";
        }
    }
}
