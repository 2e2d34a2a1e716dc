using System.Text.Json;

namespace TrustCheck.Core.Licensing;

/// <summary>
/// Exact license URLs whose license is known only from what they serve (fwlink redirects, plain "LICENSE.TXT" files),
/// each with its evidence in Data/known-license-urls.json. Matches the whole URL, query included, never a host alone.
/// </summary>
internal static class KnownLicenseUrls
{
    private const string DataFile = "known-license-urls.json";
    private static readonly Lazy<IReadOnlyList<KnownLicenseUrl>> Entries = new(Load);

    public static IReadOnlyList<KnownLicenseUrl> All => Entries.Value;

    /// <summary>The license the URL is known to serve, or null.</summary>
    public static KnownLicenseUrl? Find(string url)
    {
        var key = ExactUrl.Parse(url);
        return key is null ? null : Entries.Value.FirstOrDefault(e => e.Key == key);
    }

    private static IReadOnlyList<KnownLicenseUrl> Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText(DataFile));
        var entries = new List<KnownLicenseUrl>();
        foreach (var entry in document.RootElement.GetProperty("urls").EnumerateArray())
        {
            var url = entry.GetProperty("url").GetString()!;
            var license = entry.GetProperty("license").GetString()!;
            var evidence = entry.GetProperty("evidence").GetString();
            var key = ExactUrl.Parse(url) ?? throw new InvalidOperationException($"{DataFile}: '{url}' is not a URL.");
            if (string.IsNullOrWhiteSpace(evidence) || !SpdxExpression.TryParse(license, out _, out _))
            {
                throw new InvalidOperationException($"{DataFile}: '{url}' needs evidence and a valid SPDX expression or LicenseRef-id.");
            }

            entries.Add(new KnownLicenseUrl(url, key, license, evidence));
        }

        return entries;
    }
}

/// <param name="Url">As written in the data file.</param>
/// <param name="License">SPDX expression or LicenseRef- id.</param>
/// <param name="Evidence">What the URL serves and which real package gives it.</param>
internal sealed record KnownLicenseUrl(string Url, ExactUrl Key, string License, string Evidence);

/// <summary>A URL reduced for exact comparison: lower-case host without "www.", path without a trailing '/', sorted query pairs.</summary>
internal sealed record ExactUrl(string Host, string Path, string Query)
{
    public static ExactUrl? Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048)
        {
            return null;
        }

        var text = url.Trim();
        text = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/').ToLowerInvariant();
        var query = string.Join('&', uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p).ToLowerInvariant())
            .OrderBy(p => p, StringComparer.Ordinal));
        return new ExactUrl(host, path, query);
    }
}
