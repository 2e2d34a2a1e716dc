namespace TrustCheck.Core.Licensing;

/// <summary>
/// Turns license text into a set of word 3-gram hashes ("shingles"), ignoring what varies between copies of the same
/// license: case, whitespace and line wrapping, punctuation, quotes, list markers and bullets, copyright lines,
/// <c>&lt;year&gt; &lt;copyright holders&gt;</c> / <c>[yyyy]</c> placeholders, "licence"/"license", http/https.
/// One pass over the characters, no regular expressions: it runs once per package license file.
/// </summary>
internal static class LicenseTextNormalizer
{
    private const int ShingleSize = 3;
    private const int MaxPlaceholderLength = 80;

    public static HashSet<ulong> Shingles(string text)
    {
        var words = Words(text);
        var shingles = new HashSet<ulong>(Math.Max(0, words.Count - ShingleSize + 1));
        for (var i = 0; i + ShingleSize <= words.Count; i++)
        {
            var h = words[i];
            h = (h * 0x9E3779B97F4A7C15UL) ^ words[i + 1];
            h = (h * 0x9E3779B97F4A7C15UL) ^ words[i + 2];
            shingles.Add(h);
        }

        if (words.Count is > 0 and < ShingleSize)
        {
            shingles.Add(words[0]);
        }

        return shingles;
    }

    /// <summary>Hashes of the significant words, in order.</summary>
    internal static List<ulong> Words(string text)
    {
        var words = new List<ulong>(text.Length / 6);
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            AddLine(text.AsSpan(lineStart, lineEnd - lineStart), words);
            lineStart = lineEnd + 1;
        }

        return words;
    }

    private static void AddLine(ReadOnlySpan<char> line, List<ulong> words)
    {
        line = TrimMarkup(line);
        if (line.IsEmpty || IsCopyrightLine(line) || line.Equals("all rights reserved.", StringComparison.OrdinalIgnoreCase)
            || line.Equals("all rights reserved", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Span<char> word = stackalloc char[64];
        var length = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            var c = i < line.Length ? line[i] : ' ';
            if ((c == '<' || c == '[') && length == 0 && SkipPlaceholder(line, i, c == '<' ? '>' : ']', out var end))
            {
                i = end;
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (length < word.Length)
                {
                    word[length++] = char.ToLowerInvariant(c);
                }

                continue;
            }

            if (length > 0)
            {
                AddWord(word[..length], words);
                length = 0;
            }
        }
    }

    private static void AddWord(ReadOnlySpan<char> word, List<ulong> words)
    {
        // Single letters and digits are list markers ("a)", "1.", "(b)") more often than meaning.
        if (word.Length == 1)
        {
            return;
        }

        if (word.SequenceEqual("licence"))
        {
            word = "license";
        }
        else if (word.SequenceEqual("licences"))
        {
            word = "licenses";
        }
        else if (word.SequenceEqual("https"))
        {
            word = "http";
        }
        else if (word.SequenceEqual("www"))
        {
            return;
        }

        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        words.Add(hash);
    }

    /// <summary>A placeholder such as &lt;year&gt;, [fullname] or &lt;https://fsf.org/&gt;: short, on one line.</summary>
    private static bool SkipPlaceholder(ReadOnlySpan<char> line, int start, char close, out int end)
    {
        var limit = Math.Min(line.Length, start + MaxPlaceholderLength);
        for (var i = start + 1; i < limit; i++)
        {
            if (line[i] == close)
            {
                end = i;
                return true;
            }
        }

        end = start;
        return false;
    }

    private static ReadOnlySpan<char> TrimMarkup(ReadOnlySpan<char> line)
    {
        var start = 0;
        while (start < line.Length && (char.IsWhiteSpace(line[start]) || line[start] is '*' or '#' or '>' or '-' or '=' or '_' or '•' or '|' or '/' or ';'))
        {
            start++;
        }

        return line[start..].TrimEnd();
    }

    /// <summary>"Copyright (c) 2024 …", "Copyright 2019-2024 …", "Copyright © …", "(c) …", "Copyright &lt;year&gt; …".</summary>
    private static bool IsCopyrightLine(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("\u00a9"))
        {
            return true;
        }

        // "(c) 2024 Contoso" is a notice; "(c) If you distribute …" is clause (c) of a license.
        if (line.StartsWith("(c)", StringComparison.OrdinalIgnoreCase))
        {
            var afterSymbol = line[3..].TrimStart();
            return !afterSymbol.IsEmpty && char.IsDigit(afterSymbol[0]);
        }

        if (!line.StartsWith("copyright", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Wrapped license prose continues with a lower-case word ("copyright notice", "copyright holders"); a notice
        // line continues with a year, a symbol, a placeholder or a name.
        var rest = line["copyright".Length..].TrimStart();
        return rest.IsEmpty || rest[0] is '(' or '\u00a9' or '<' or '[' or ':' or '.' || char.IsDigit(rest[0]) || char.IsUpper(rest[0]);
    }
}
