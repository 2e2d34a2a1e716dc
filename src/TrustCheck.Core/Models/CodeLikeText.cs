using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrustCheck.Core.Models;

/// <summary>Finds code-like content (imports, eval, shell commands, script tags) in metadata strings, from Data/code-like-metadata.json.</summary>
public static class CodeLikeText
{
    private const int MaxScannedChars = 64 * 1024;
    private static readonly Lazy<IReadOnlyList<(Regex Regex, string What)>> Patterns = new(Load);

    /// <summary>What the first matching pattern says the text contains ("a Python import statement"), or null.</summary>
    public static string? Find(string text)
    {
        var scanned = text.Length > MaxScannedChars ? text[..MaxScannedChars] : text;
        foreach (var (regex, what) in Patterns.Value)
        {
            try
            {
                if (regex.IsMatch(scanned))
                {
                    return what;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return "content too complex to scan";
            }
        }

        return null;
    }

    private static IReadOnlyList<(Regex, string)> Load()
    {
        using var stream = typeof(CodeLikeText).Assembly.GetManifestResourceStream("TrustCheck.Data.code-like-metadata.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.code-like-metadata.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("patterns").EnumerateArray()
            .Select(p => (new Regex(
                p.GetProperty("regex").GetString()!,
                RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(200)), p.GetProperty("what").GetString()!))
            .ToList();
    }
}
