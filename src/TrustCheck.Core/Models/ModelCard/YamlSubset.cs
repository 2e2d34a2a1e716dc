using System.Text;
using System.Text.RegularExpressions;

namespace TrustCheck.Core.Models.ModelCard;

/// <summary>
/// The small, bounded part of YAML that model-card front matter uses: top-level <c>key: value</c> pairs whose values are
/// plain or quoted scalars, block scalars (| and >), block lists (<c>- item</c>) and inline lists (<c>[a, b]</c>). No
/// anchors, aliases, tags or type resolution, so hostile YAML cannot expand or instantiate anything; unknown shapes
/// (nested maps) are returned as raw text.
/// </summary>
public static partial class YamlSubset
{
    public const int MaxLines = 20_000;

    [GeneratedRegex(@"^(""[^""]*""|'[^']*'|[A-Za-z0-9_][^:#\s]*)\s*:(?:\s+(.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelKeyPattern();

    /// <summary>Top-level keys in order with their raw value text (first-line remainder plus the indented/list lines under it).</summary>
    public static IReadOnlyList<(string Key, string Value)> TopLevelRawValues(string yaml)
    {
        var result = new List<(string, StringBuilder)>();
        var lines = yaml.Replace("\r\n", "\n").Split('\n');
        foreach (var line in lines.Take(MaxLines))
        {
            var match = line.Length > 0 && line[0] is not (' ' or '\t' or '-' or '#') ? TopLevelKeyPattern().Match(line) : Match.Empty;
            if (match.Success)
            {
                result.Add((Unquote(match.Groups[1].Value), new StringBuilder(match.Groups[2].Value)));
            }
            else if (result.Count > 0)
            {
                result[^1].Item2.Append('\n').Append(line);
            }
        }

        return result.Select(r => (r.Item1, r.Item2.ToString().TrimEnd())).ToList();
    }

    /// <summary>Top-level keys parsed to their values: a scalar is one item, a list its items; nested maps give their raw text.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string yaml)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, raw) in TopLevelRawValues(yaml))
        {
            result[key] = ParseValue(raw);
        }

        return result;
    }

    private static IReadOnlyList<string> ParseValue(string raw)
    {
        var lines = raw.Split('\n');
        var first = StripComment(lines[0]).Trim();
        var rest = lines.Skip(1).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();

        if (first.StartsWith('['))
        {
            var inline = string.Join(" ", new[] { first }.Concat(rest.Select(l => l.Trim())));
            var end = inline.LastIndexOf(']');
            return SplitInlineList(inline[1..(end > 0 ? end : inline.Length)]);
        }

        if (first.StartsWith('|') || first.StartsWith('>'))
        {
            var separator = first.StartsWith('|') ? "\n" : " ";
            return [string.Join(separator, rest.Select(l => l.Trim()))];
        }

        if (first.Length == 0 && rest.Count > 0 && rest.All(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal) || l.Trim() == "-" || l.StartsWith("  ", StringComparison.Ordinal)))
        {
            if (rest.Any(l => l.TrimStart().StartsWith('-')))
            {
                return rest.Where(l => l.TrimStart().StartsWith('-'))
                    .Select(l => Unquote(StripComment(l.TrimStart()[1..]).Trim()))
                    .Where(v => v.Length > 0)
                    .ToList();
            }

            return [string.Join("\n", rest)]; // nested map: raw text
        }

        var scalar = string.Join(" ", new[] { first }.Concat(rest.Select(l => StripComment(l).Trim())));
        return [Unquote(scalar.Trim())];
    }

    private static List<string> SplitInlineList(string body)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in body)
        {
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }

            if (quote is null && c == ',')
            {
                items.Add(Unquote(current.ToString().Trim()));
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        items.Add(Unquote(current.ToString().Trim()));
        return items.Where(i => i.Length > 0).ToList();
    }

    private static string StripComment(string text)
    {
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                return text[..i];
            }
        }

        return text;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");
        }

        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1].Replace("''", "'");
        }

        return value;
    }
}
