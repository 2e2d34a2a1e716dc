using System.Text;

namespace TrustCheck.Core.Rules;

/// <summary>
/// The rule pages (docs/rules/TCxxxx.md, embedded): the one source of a rule's long description. The description is the
/// first paragraph under "## What it means".
/// </summary>
public static class RuleDocs
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
        return PlainText(text);
    }

    /// <summary>Links keep their text ("[TC3013](TC3013.md)" → "TC3013"); code spans and emphasis marks are dropped.</summary>
    internal static string PlainText(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '`' || c == '*' && !IsLiteralStar(markdown, i))
            {
                continue;
            }

            if (c == '[' && markdown.IndexOf(']', i) is var close and > 0 && close + 1 < markdown.Length && markdown[close + 1] == '('
                && markdown.IndexOf(')', close) is var end and > 0)
            {
                text.Append(PlainText(markdown[(i + 1)..close]));
                i = end;
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>A star between spaces or inside a word ("a * b", "LicenseRef-*-NC") is text, not emphasis.</summary>
    private static bool IsLiteralStar(string text, int i)
    {
        var before = i > 0 ? text[i - 1] : ' ';
        var after = i + 1 < text.Length ? text[i + 1] : ' ';
        return char.IsWhiteSpace(before) && char.IsWhiteSpace(after) || before == '-' || after == '-';
    }
}
