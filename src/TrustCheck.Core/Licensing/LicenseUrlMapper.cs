namespace TrustCheck.Core.Licensing;

/// <summary>Maps well-known license URLs to SPDX expressions; never guesses.</summary>
public static class LicenseUrlMapper
{
    /// <summary>True for URLs that say nothing about the license (e.g. NuGet's "deprecateLicenseUrl").</summary>
    public static bool IsPlaceholder(string url) =>
        url.Contains("aka.ms/deprecateLicenseUrl", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SPDX expression the URL denotes, or null when it is not a known license URL.</summary>
    public static string? TryMap(string url)
    {
        // Filled in by the licensing work.
        return null;
    }
}
