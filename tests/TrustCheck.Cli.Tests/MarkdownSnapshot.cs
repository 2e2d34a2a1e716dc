using System.Text.RegularExpressions;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// Compares a markdown report with its snapshot without the rows that depend on the feed's transitive resolution:
/// table rows about packages other than the named direct ones are dropped and digits outside tables are masked.
/// </summary>
internal static partial class MarkdownSnapshot
{
    /// <summary>A finding row (severity, linked rule, subject, text) or a package/model change row.</summary>
    public static readonly Regex RowShape = new(
        @"^\| (?:(?:error|warning|info) \| \[TC\d{4}\]\(\S+\) \| `[^`]+` \| .+|(?:added|changed|removed) \| .+ \| .+ \| .+) \|$");

    public static IEnumerable<string> TableRows(string markdown) => Lines(markdown)
        .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !IsHeader(line));

    public static string WithoutTransitiveRows(string markdown, IReadOnlyCollection<string> directPackages) =>
        string.Join('\n', Lines(markdown)
            .Where(line => !IsTransitiveRow(line, directPackages))
            .Select(line => line.StartsWith('|') ? line : Digits().Replace(line, "#")));

    private static IEnumerable<string> Lines(string markdown) => markdown.ReplaceLineEndings("\n").Split('\n');

    private static bool IsHeader(string line) =>
        line.StartsWith("| severity |", StringComparison.Ordinal) || line.StartsWith("| change |", StringComparison.Ordinal);

    private static bool IsTransitiveRow(string line, IReadOnlyCollection<string> directPackages)
    {
        if (!line.StartsWith("| ", StringComparison.Ordinal) || IsHeader(line))
        {
            return false;
        }

        var cells = line.Split(" | ");
        // Change rows name a package id or a backticked model path in their second cell; finding rows name their
        // subject (`id@version` or a model path) in the third.
        var isChangeRow = cells[0] is "| added" or "| changed" or "| removed";
        var subject = (isChangeRow ? cells[1] : cells[2]).Trim('`');
        if (subject.Contains('/'))
        {
            return false;
        }

        var id = subject.Split('@')[0];
        return !directPackages.Contains(id);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
