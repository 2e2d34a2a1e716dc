using System.Text.Json;

namespace TrustCheck.Core.Licensing;

/// <summary>
/// Maps well-known license URLs to SPDX expressions (exact URLs with evidence: Data/known-license-urls.json; patterns:
/// Data/license-urls.json); never guesses.
/// </summary>
public static class LicenseUrlMapper
{
    private static readonly Lazy<LicenseUrlTable> Table = new(LicenseUrlTable.Load);

    /// <summary>True for URLs that say nothing about the license (e.g. NuGet's "deprecateLicenseUrl").</summary>
    public static bool IsPlaceholder(string url) =>
        !string.IsNullOrWhiteSpace(url)
        && Table.Value.Placeholders.Any(p => url.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The SPDX expression the URL denotes, or null when it is not a known license URL.</summary>
    public static string? TryMap(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || IsPlaceholder(url))
        {
            return null;
        }

        if (KnownLicenseUrls.Find(url) is { } known)
        {
            return known.License;
        }

        var location = UrlLocation.Parse(url.Trim());
        if (location is null)
        {
            return null;
        }

        foreach (var pattern in Table.Value.Patterns)
        {
            var captures = pattern.Match(location);
            if (captures is null)
            {
                continue;
            }

            var mapped = pattern.Kind switch
            {
                UrlPatternKind.Expression => MapExpression(captures[0].Value),
                UrlPatternKind.LicenseFile => MapLicenseFileName(captures[^1].Value),
                _ => ResolveId(pattern.BuildId(captures)),
            };
            if (mapped is not null)
            {
                return mapped;
            }
        }

        return null;
    }

    /// <summary>An alias from the data file, a current SPDX id, or a deprecated GNU id's replacement; otherwise null.</summary>
    internal static string? ResolveId(string candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return null;
        }

        if (Table.Value.Aliases.TryGetValue(candidate, out var alias))
        {
            return alias;
        }

        var replacement = SpdxLicenseFacts.ReplacementForDeprecated(candidate);
        if (replacement is not null)
        {
            return replacement;
        }

        return SpdxLicenseFacts.TryGet(candidate, out var info) && !info.IsDeprecated ? info.Id : null;
    }

    private static string? MapExpression(string captured)
    {
        // licenses.nuget.org encodes spaces as %20 (or '+'); a literal '+' (GPL-2.0+) arrives as %2B.
        var expression = Uri.UnescapeDataString(captured.Replace("+", " ", StringComparison.Ordinal)).Trim();
        return SpdxExpression.TryParse(expression, out _, out _) ? SpdxExpression.Canonicalize(expression) : null;
    }

    /// <summary>"LICENSE-MIT", "LICENSE.Apache-2.0.txt", "MIT-LICENSE", "COPYING.LGPL-2.1" name their license; "LICENSE" does not.</summary>
    private static string? MapLicenseFileName(string path)
    {
        var file = path[(path.LastIndexOf('/') + 1)..];
        file = UrlPattern.StripExtension(file);
        foreach (var word in new[] { "LICENSE", "LICENCE", "COPYING" })
        {
            foreach (var separator in new[] { '-', '.', '_' })
            {
                if (file.StartsWith(word + separator, StringComparison.OrdinalIgnoreCase))
                {
                    return ResolveId(file[(word.Length + 1)..]);
                }

                if (file.EndsWith(separator + word, StringComparison.OrdinalIgnoreCase))
                {
                    return ResolveId(file[..^(word.Length + 1)]);
                }
            }
        }

        return null;
    }
}

/// <summary>A URL reduced to what identifies a license page: host without "www." and the path segments.</summary>
internal sealed record UrlLocation(string Host, string[] Segments)
{
    public static UrlLocation? Parse(string url)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new UrlLocation(host, segments);
    }
}

internal enum UrlPatternKind
{
    Id,
    Expression,
    LicenseFile,
}

internal sealed class UrlPattern
{
    private static readonly string[] Extensions = [".en.html", ".html", ".htm", ".txt", ".php", ".md", ".json"];

    private readonly string _host;
    private readonly string[] _segments;
    private readonly string? _idTemplate;

    public UrlPattern(string url, UrlPatternKind kind, string? idTemplate)
    {
        var slash = url.IndexOf('/');
        _host = (slash < 0 ? url : url[..slash]).ToLowerInvariant();
        _segments = slash < 0 ? [] : url[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        Kind = kind;
        _idTemplate = idTemplate;
    }

    public UrlPatternKind Kind { get; }

    public static string StripExtension(string segment)
    {
        foreach (var extension in Extensions)
        {
            if (segment.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && segment.Length > extension.Length)
            {
                return segment[..^extension.Length];
            }
        }

        return segment;
    }

    /// <summary>The captures in pattern order, or null when the URL does not fit the pattern.</summary>
    public List<KeyValuePair<string, string>>? Match(UrlLocation location)
    {
        if (!string.Equals(location.Host, _host, StringComparison.Ordinal))
        {
            return null;
        }

        var captures = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < _segments.Length; i++)
        {
            var part = _segments[i];
            if (part == "**")
            {
                return captures;
            }

            if (part.StartsWith("{*", StringComparison.Ordinal))
            {
                if (i >= location.Segments.Length)
                {
                    return null;
                }

                captures.Add(new(part[2..^1], string.Join('/', location.Segments[i..])));
                return captures;
            }

            if (i >= location.Segments.Length)
            {
                return null;
            }

            var segment = location.Segments[i];
            var open = part.IndexOf('{');
            if (open < 0)
            {
                if (!string.Equals(StripExtension(segment), StripExtension(part), StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                continue;
            }

            // "LICENSE-{version}": a literal prefix, then one capture to the end of the segment.
            var prefix = part[..open];
            if (!segment.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || segment.Length == prefix.Length)
            {
                return null;
            }

            captures.Add(new(part[(open + 1)..^1], StripExtension(segment[prefix.Length..])));
        }

        return location.Segments.Length == _segments.Length ? captures : null;
    }

    public string BuildId(List<KeyValuePair<string, string>> captures)
    {
        var id = _idTemplate ?? string.Empty;
        foreach (var (name, value) in captures)
        {
            id = id.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return id;
    }
}

internal sealed class LicenseUrlTable
{
    private const string DataFile = "license-urls.json";

    public required IReadOnlyList<string> Placeholders { get; init; }

    public required IReadOnlyList<UrlPattern> Patterns { get; init; }

    public required IReadOnlyDictionary<string, string> Aliases { get; init; }

    public static LicenseUrlTable Load()
    {
        // JsonDocument rather than the reflection serializer: it is several times cheaper on a cold start.
        using var document = JsonDocument.Parse(EmbeddedData.ReadText(DataFile));
        var root = document.RootElement;
        return new LicenseUrlTable
        {
            Placeholders = root.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()!).ToArray(),
            Patterns = root.GetProperty("patterns").EnumerateArray().Select(p => new UrlPattern(
                p.GetProperty("url").GetString()!,
                (p.TryGetProperty("kind", out var kind) ? kind.GetString() : null) switch
                {
                    "expression" => UrlPatternKind.Expression,
                    "license-file" => UrlPatternKind.LicenseFile,
                    null or "id" => UrlPatternKind.Id,
                    var other => throw new InvalidOperationException($"{DataFile}: unknown pattern kind '{other}'."),
                },
                p.TryGetProperty("id", out var id) ? id.GetString() : null)).ToArray(),
            Aliases = root.GetProperty("aliases").EnumerateObject()
                .ToDictionary(a => a.Name, a => a.Value.GetString()!, StringComparer.OrdinalIgnoreCase),
        };
    }
}
