using System.Text;
using System.Text.RegularExpressions;

namespace TrustCheck.Core.Rules;

/// <summary>
/// The rule pages (docs/rules/TCxxxx.md, embedded): the one source of a rule's long description. The description is the
/// first paragraph under "## What it means".
/// </summary>
public static partial class RuleDocs
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Pages = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The whole page as Markdown, or null when the rule has none.</summary>
    public static string? Page(string ruleId) => Pages.GetOrAdd(ruleId, static id =>
    {
        using var stream = typeof(RuleDocs).Assembly.GetManifestResourceStream($"TrustCheck.Rules.{id}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    });

    /// <summary>The first paragraph of "What it means" as Markdown (lines joined); null when the page has no such section.</summary>
    public static string? DescriptionMarkdown(string ruleId)
    {
        if (Page(ruleId) is not { } page)
        {
            return null;
        }

        var start = page.IndexOf("\n## What it means\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var paragraph = page[(start + "\n## What it means\n".Length)..].TrimStart('\n');
        var end = paragraph.IndexOf("\n\n", StringComparison.Ordinal);
        return string.Join(' ', (end < 0 ? paragraph : paragraph[..end]).Split('\n', StringSplitOptions.TrimEntries)).Trim();
    }

    /// <summary>The same paragraph as plain text: links keep their text, code spans and emphasis lose their marks.</summary>
    public static string? Description(string ruleId) =>
        DescriptionMarkdown(ruleId) is { } markdown ? MarkdownMarks().Replace(MarkdownLink().Replace(markdown, "$1"), "") : null;

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`|\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")]
    private static partial Regex MarkdownMarks();
}
