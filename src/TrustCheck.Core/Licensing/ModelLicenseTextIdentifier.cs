using System.Text;
using System.Text.Json;

namespace TrustCheck.Core.Licensing;

/// <summary>A model license or use policy recognised from its text.</summary>
/// <param name="LicenseId">Catalog id (Data/ai-licenses.json), e.g. <c>llama3.1</c>.</param>
/// <param name="Document"><c>license</c> or <c>use-policy</c>.</param>
public sealed record ModelLicenseTextMatch(string LicenseId, string Document)
{
    public bool IsUsePolicy => Document == ModelLicenseTextIdentifier.UsePolicy;
}

/// <summary>
/// Recognises model licenses (Llama, Gemma, Qwen, DeepSeek, RAIL …) by a versioned heading near the start and a few
/// distinctive phrases (Data/model-license-texts.json, written by us). Versions matter — Llama 3.1 and 3.2 differ in
/// their terms — so the heading carries the version and the phrases the release date. Long, reformatted (markdown,
/// curly quotes, wrapped) copies match; a text that only mentions a license does not, because the heading must open it.
/// </summary>
public static class ModelLicenseTextIdentifier
{
    public const string UsePolicy = "use-policy";

    /// <summary>The heading must be within this many normalized characters of the start (after a copyright line, a title …).</summary>
    private const int HeadingWindow = 600;

    /// <summary>Real license texts are under 64 KB; longer input is read only this far.</summary>
    public const int MaxTextChars = 256 * 1024;

    private static readonly Lazy<IReadOnlyList<Fingerprint>> Fingerprints = new(Load);

    public static ModelLicenseTextMatch? Identify(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = Normalize(text.Length > MaxTextChars ? text[..MaxTextChars] : text);
        var opening = normalized.Length > HeadingWindow ? normalized[..HeadingWindow] : normalized;
        // Several headings can open one text (a license followed by its use policy): the license wins, then the longest heading.
        return Fingerprints.Value
            .Where(f => opening.Contains(f.Heading, StringComparison.Ordinal) && f.Phrases.All(p => normalized.Contains(p, StringComparison.Ordinal)))
            .OrderBy(f => f.Document == UsePolicy ? 1 : 0).ThenByDescending(f => f.Heading.Length)
            .Select(f => new ModelLicenseTextMatch(f.License, f.Document))
            .FirstOrDefault();
    }

    /// <summary>Identifies a file's text (read up to <see cref="MaxTextChars"/>); null when unreadable or unknown.</summary>
    public static ModelLicenseTextMatch? IdentifyFile(string path)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[MaxTextChars];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return Identify(new string(buffer, 0, read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Lower case; anything but a-z/0-9 becomes one space, except a '.' between digits (versions).</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            var keep = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)
                || (c == '.' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]));
            if (keep)
            {
                builder.Append(c);
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    private sealed record Fingerprint(string License, string Document, string Heading, IReadOnlyList<string> Phrases);

    private static IReadOnlyList<Fingerprint> Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("model-license-texts.json"));
        return document.RootElement.GetProperty("documents").EnumerateArray()
            .Select(e => new Fingerprint(
                e.GetProperty("license").GetString()!,
                e.GetProperty("document").GetString()!,
                Normalize(e.GetProperty("heading").GetString()!),
                e.GetProperty("phrases").EnumerateArray().Select(p => Normalize(p.GetString()!)).ToArray()))
            .ToArray();
    }
}
