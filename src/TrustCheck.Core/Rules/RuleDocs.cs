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

    /// <summary>
    /// The first paragraph of "What it means" as Markdown; when it ends with a colon, the list that follows belongs to it.
    /// Null when the page has no such section.
    /// </summary>
    public static string? DescriptionMarkdown(string ruleId)
    {
        if (Page(ruleId) is not { } page)
        {
            return null;
        }

        const string Heading = "\n## What it means\n";
        var start = page.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var blocks = page[(start + Heading.Length)..].Trim('\n').Split("\n\n");
        var paragraph = string.Join(' ', blocks[0].Split('\n', StringSplitOptions.TrimEntries));
        return paragraph.EndsWith(':') && blocks.Length > 1 && blocks[1].StartsWith("- ", StringComparison.Ordinal)
            ? paragraph + "\n\n" + blocks[1].Trim()
            : paragraph;
    }

    /// <summary>The same paragraph as plain text: links keep their text, code spans and emphasis lose their marks.</summary>
    public static string? Description(string ruleId)
    {
        if (DescriptionMarkdown(ruleId) is not { } markdown)
        {
            return null;
        }

        // A list becomes one sentence: items joined with spaces (each already ends with ';' or '.').
        var text = string.Join(' ', markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line));
        return MarkdownMarks().Replace(MarkdownLink().Replace(text, "$1"), "");
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`|\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")]
    private static partial Regex MarkdownMarks();
}
