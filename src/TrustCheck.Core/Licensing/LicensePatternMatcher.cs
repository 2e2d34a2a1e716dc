namespace TrustCheck.Core.Licensing;

/// <summary>Case-insensitive matching of license ids against policy entries that may contain <c>*</c> wildcards.</summary>
internal static class LicensePatternMatcher
{
    /// <summary>The first pattern that matches one of <paramref name="names"/>, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> patterns, IReadOnlyList<string> names)
    {
        foreach (var pattern in patterns)
        {
            var normalized = NormalizePattern(pattern);
            if (normalized.Length == 0)
            {
                continue;
            }

            foreach (var name in names)
            {
                if (IsMatch(normalized, name))
                {
                    return pattern.Trim();
                }
            }
        }

        return null;
    }

    /// <summary>Glob match where <c>*</c> stands for any run of characters (including none); ordinal, case-insensitive.</summary>
    public static bool IsMatch(string pattern, string value)
    {
        // Classic two-pointer wildcard match with single backtrack point: linear in practice, no regex.
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && CharEquals(pattern[p], value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Collapses runs of whitespace so "GPL-2.0-only  with  Classpath-exception-2.0" matches the single-spaced form.</summary>
    public static string NormalizePattern(string pattern) =>
        string.Join(' ', pattern.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool CharEquals(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
