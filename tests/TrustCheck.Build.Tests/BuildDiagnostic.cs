using System.Text.RegularExpressions;

namespace TrustCheck.Build.Tests;

/// <summary>One "file(line,col): error TC1234: message [project]" line of the console logger.</summary>
public sealed record BuildDiagnostic(string File, int? Line, int? Column, string Severity, string Code, string Message)
{
    private static readonly Regex Pattern = new(
        @"^\s*(?:\d+(?::\d+)?>)?(?<file>\S.*?)(?:\((?<line>\d+)(?:,(?<column>\d+))?\))?\s*:\s*(?<severity>error|warning|message)\s+(?<code>TC\d{4})\s*:\s*(?<message>.*?)(?:\s*\[[^\]]*\])?\s*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Every TC diagnostic in a build log, once each (the summary at the end repeats them).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
        Pattern.Matches(output)
            .Select(m => new BuildDiagnostic(
                m.Groups["file"].Value.Trim(),
                m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value) : null,
                m.Groups["column"].Success ? int.Parse(m.Groups["column"].Value) : null,
                m.Groups["severity"].Value,
                m.Groups["code"].Value,
                m.Groups["message"].Value))
            .Distinct()
            .ToList();
}
