using System.Text;
using NuGet.Packaging;
using NuGet.Packaging.Licenses;

namespace TrustCheck.Core.Licensing;

/// <summary>
/// Parses SPDX expressions with NuGet's parser after making them acceptable to it the way the SPDX spec reads them:
/// ids are case-insensitive ("mit" → "MIT"), lower-case operators are accepted, and deprecated GNU ids are read as their
/// replacements ("GPL-2.0+" → "GPL-2.0-or-later"), which NuGet would otherwise reject.
/// </summary>
public static class SpdxExpression
{
    /// <summary>Hard cap: real expressions are short; anything longer is not worth parsing.</summary>
    public const int MaxLength = 2048;

    /// <summary>Every nuspec of a build declares one of a handful of expressions: each is parsed once per process.</summary>
    private static readonly BoundedMemo<ParseResult> Parsed = new(4096, StringComparer.Ordinal);

    public static bool TryParse(string expression, out NuGetLicenseExpression? parsed, out string? error)
    {
        parsed = null;
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "empty expression";
            return false;
        }

        if (expression.Length > MaxLength)
        {
            error = $"longer than {MaxLength} characters";
            return false;
        }

        var result = Parsed.GetOrAdd(expression, Parse);
        parsed = result.Expression;
        error = result.Error;
        return result.Expression is not null;
    }

    private static ParseResult Parse(string expression)
    {
        try
        {
            return new ParseResult(NuGetLicenseExpression.Parse(Canonicalize(expression)), null);
        }
        catch (Exception ex) when (ex is ArgumentException or NuGetLicenseExpressionParsingException or InvalidOperationException)
        {
            return new ParseResult(null, ex.Message);
        }
    }

    /// <summary>NuGet's expression tree is never changed after parsing, so one instance serves every caller.</summary>
    private sealed record ParseResult(NuGetLicenseExpression? Expression, string? Error);

    /// <summary>
    /// The expression with canonical id spelling and upper-case operators, e.g. "mit or apache-2.0" → "MIT OR Apache-2.0".
    /// Unknown ids (LicenseRef-…) are left as written.
    /// </summary>
    public static string Canonicalize(string expression)
    {
        var builder = new StringBuilder(expression.Length + 16);
        var previousWasWith = false;
        foreach (var token in Tokenize(expression))
        {
            if (token is "(" or ")")
            {
                if (token == "(" && builder.Length > 0 && builder[^1] != '(')
                {
                    builder.Append(' ');
                }

                builder.Append(token);
                previousWasWith = false;
                continue;
            }

            if (builder.Length > 0 && builder[^1] != '(')
            {
                builder.Append(' ');
            }

            var upper = token.ToUpperInvariant();
            if (upper is "AND" or "OR" or "WITH")
            {
                builder.Append(upper);
                previousWasWith = upper == "WITH";
                continue;
            }

            builder.Append(previousWasWith ? SpdxLicenseFacts.CanonicalExceptionId(token) ?? token : CanonicalLicenseToken(token));
            previousWasWith = false;
        }

        return builder.ToString().Replace(" )", ")", StringComparison.Ordinal);
    }

    /// <summary>
    /// The license ids of an expression as written (operators, parentheses and WITH exceptions left out; a trailing "+"
    /// kept), in order, without parsing: works on expressions NuGet would reject, such as deprecated ids.
    /// </summary>
    public static IReadOnlyList<string> LicenseIds(string expression)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(expression) || expression.Length > MaxLength)
        {
            return ids;
        }

        var previousWasWith = false;
        foreach (var token in Tokenize(expression))
        {
            var upper = token.ToUpperInvariant();
            if (token is "(" or ")" or "AND" or "OR" || upper is "AND" or "OR" or "WITH")
            {
                previousWasWith = upper == "WITH";
                continue;
            }

            if (!previousWasWith && !ids.Contains(token, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(token);
            }

            previousWasWith = false;
        }

        return ids;
    }

    private static string CanonicalLicenseToken(string token)
    {
        var replacement = SpdxLicenseFacts.ReplacementForDeprecated(token);
        if (replacement is not null)
        {
            return replacement;
        }

        var plus = token.EndsWith('+');
        var bare = plus ? token[..^1] : token;
        var canonical = SpdxLicenseFacts.CanonicalId(bare);
        return canonical is null ? token : canonical + (plus ? "+" : string.Empty);
    }

    private static IEnumerable<string> Tokenize(string expression)
    {
        var start = -1;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c) || c is '(' or ')')
            {
                if (start >= 0)
                {
                    yield return expression[start..i];
                    start = -1;
                }

                if (c is '(' or ')')
                {
                    yield return c.ToString();
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            yield return expression[start..];
        }
    }
}
