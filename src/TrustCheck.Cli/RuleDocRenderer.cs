using System.Text;
using System.Text.RegularExpressions;

namespace TrustCheck.Cli;

/// <summary>
/// Renders a docs/rules page for a terminal: headings underlined (bold with colour), tables as aligned columns,
/// code blocks indented without their fences, links as "text (url)" (links between rule pages keep only the id),
/// <c>**bold**</c> without its asterisks. Inline <c>`code`</c> keeps its backticks: in JSON and MSBuild snippets
/// they show where the literal text starts and ends.
/// </summary>
internal static partial class RuleDocRenderer
{
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    public static string Render(string markdown, bool color)
    {
        var output = new StringBuilder();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var table = new List<string[]>();
        string? fenceIndent = null;
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                fenceIndent = fenceIndent is null ? line[..(line.Length - trimmed.Length)] : null;
                continue;
            }

            if (fenceIndent is not null)
            {
                // Code: verbatim, indented four spaces past the fence (fences inside list items are indented themselves).
                var code = line.StartsWith(fenceIndent, StringComparison.Ordinal) ? line[fenceIndent.Length..] : trimmed;
                output.Append("    ").Append(fenceIndent).Append(code).Append('\n');
                continue;
            }

            if (trimmed.StartsWith('|'))
            {
                table.Add(Cells(trimmed));
                continue;
            }

            FlushTable(table, output, color);
            if (Heading().Match(line) is { Success: true } heading)
            {
                var text = Inline(heading.Groups["text"].Value, color: false);
                var underline = heading.Groups["level"].Length == 1 ? '=' : '-';
                output.Append(color ? Bold + text + Reset : text).Append('\n')
                    .Append(new string(underline, text.Length)).Append('\n');
                continue;
            }

            output.Append(Inline(line, color)).Append('\n');
        }

        FlushTable(table, output, color);
        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void FlushTable(List<string[]> rows, StringBuilder output, bool color)
    {
        // Separator rows (|---|) and empty header rows (| | |) carry no text.
        var kept = rows.Where(r => !r.All(c => c.Length == 0 || c.Trim('-', ':').Length == 0))
            .Select(r => r.Select(c => Inline(c, color: false)).ToArray()).ToList();
        rows.Clear();
        if (kept.Count == 0)
        {
            return;
        }

        var columns = kept.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(i => kept.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();
        foreach (var row in kept)
        {
            var line = new StringBuilder("  ");
            for (var i = 0; i < row.Length; i++)
            {
                var cell = i < row.Length - 1 ? row[i].PadRight(widths[i] + 2) : row[i];
                line.Append(i == 0 && color ? Bold + cell + Reset : cell);
            }

            output.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string[] Cells(string row)
    {
        var inner = row.Trim();
        inner = inner.Length > 1 && inner.EndsWith('|') ? inner[1..^1] : inner[1..];
        return inner.Split('|').Select(c => c.Trim()).ToArray();
    }

    private static string Inline(string text, bool color)
    {
        text = Link().Replace(text, m =>
        {
            var label = m.Groups["text"].Value;
            var target = m.Groups["url"].Value;
            return target.Contains("://", StringComparison.Ordinal) ? $"{label} ({target})" : label;
        });
        return Strong().Replace(text, m => color ? Bold + m.Groups["text"].Value + Reset : m.Groups["text"].Value);
    }

    [GeneratedRegex(@"^(?<level>#{1,6})\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*(?<text>[^*]+)\*\*")]
    private static partial Regex Strong();
}
