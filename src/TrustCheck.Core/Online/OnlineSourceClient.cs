using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Online;

/// <summary>
/// A source's answer about one package version (<see cref="Report"/> null: the source does not have it). Not
/// <see cref="Complete"/> when an optional part (search, the latest version's package) failed: used, but not cached.
/// </summary>
internal sealed record SourceAnswer(OnlinePackageReport? Report, bool Complete);

/// <summary>
/// One v3 source through NuGet.Protocol: the registration (package metadata) service for deprecation, vulnerabilities,
/// versions and licenses; the search service for owners and the verified prefix; the package content service for the
/// latest version's license file when the registration does not state its license. Safe to use concurrently.
/// </summary>
internal sealed class OnlineSourceClient
{
    private readonly SourceRepository _repository;
    private readonly SourceCacheContext _cacheContext;
    private readonly LatestLicenseReader _licenseReader;
    private readonly SourceGaps _gaps;

    public OnlineSourceClient(PackageSource source, SourceCacheContext cacheContext, SourceGaps gaps)
    {
        Source = source.Source;
        _repository = Repository.Factory.GetCoreV3(source);
        _cacheContext = cacheContext;
        _gaps = gaps;
        _licenseReader = new LatestLicenseReader(_repository, gaps);
    }

    /// <summary>The service index URL, as configured.</summary>
    public string Source { get; }

    /// <summary>What the source says about <paramref name="id"/>@<paramref name="version"/>; a null report when it does not have that version.</summary>
    public async Task<SourceAnswer> LookUpAsync(string id, NuGetVersion version, CancellationToken cancellationToken)
    {
        var metadataResource = await _repository.GetResourceAsync<PackageMetadataResource>(cancellationToken).ConfigureAwait(false);
        if (metadataResource is null)
        {
            return new SourceAnswer(null, Complete: true);
        }

        var versions = (await metadataResource.GetMetadataAsync(id, includePrerelease: true, includeUnlisted: true,
            _cacheContext, NullLogger.Instance, cancellationToken).ConfigureAwait(false)).ToList();
        var current = versions.FirstOrDefault(v => v.Identity.Version == version);
        if (current is null)
        {
            return new SourceAnswer(null, Complete: true);
        }

        var latest = versions
            .Where(v => v.IsListed && !v.Identity.Version.IsPrerelease)
            .MaxBy(v => v.Identity.Version);
        var deprecation = await current.GetDeprecationMetadataAsync().ConfigureAwait(false);
        var (owners, verified, searchFailed) = await OwnersAsync(id, cancellationToken).ConfigureAwait(false);
        var latestLicense = latest is null || latest.Identity.Version == version
            ? LatestLicense.Unknown
            : await _licenseReader.ReadAsync(latest, cancellationToken).ConfigureAwait(false);

        return new SourceAnswer(new OnlinePackageReport
        {
            Source = Source,
            Owners = owners,
            Verified = verified,
            LatestVersion = latest?.Identity.Version.ToNormalizedString(),
            LatestLicense = latestLicense.License,
            LatestLicenseFile = latestLicense.UnreadFile,
            Deprecation = deprecation is null ? null : new DeprecationReport
            {
                Reasons = deprecation.Reasons?.Where(r => !string.IsNullOrWhiteSpace(r)).ToList() ?? new(),
                Message = string.IsNullOrWhiteSpace(deprecation.Message) ? null : deprecation.Message.Trim(),
                AlternatePackage = Describe(deprecation.AlternatePackage),
            },
            Vulnerabilities = Vulnerabilities(current),
        }, Complete: !searchFailed && !latestLicense.Failed);
    }

    /// <summary>Most severe first; null when there are none (left out of the report).</summary>
    private static List<VulnerabilityReport>? Vulnerabilities(IPackageSearchMetadata version)
    {
        var list = (version.Vulnerabilities ?? [])
            .Where(v => v.AdvisoryUrl is not null)
            .Select(v => new VulnerabilityReport { Severity = SeverityName(v.Severity), AdvisoryUrl = v.AdvisoryUrl.ToString() })
            .OrderByDescending(v => SeverityRank(v.Severity))
            .ThenBy(v => v.AdvisoryUrl, StringComparer.Ordinal)
            .ToList();
        return list.Count > 0 ? list : null;
    }

    /// <summary>
    /// The search service knows owners and the reserved-prefix flag. Extras: a source without a search service, or whose
    /// search fails, leaves them unknown and keeps the registration's answer.
    /// </summary>
    private async Task<(List<string>? Owners, bool? Verified, bool Failed)> OwnersAsync(string id, CancellationToken cancellationToken)
    {
        IEnumerable<IPackageSearchMetadata> results;
        if (_gaps.LacksSearch)
        {
            return (null, null, false);
        }

        try
        {
            // NuGet still hands out a search resource for a source without one; the service index is what tells.
            var index = await _repository.GetResourceAsync<ServiceIndexResourceV3>(cancellationToken).ConfigureAwait(false);
            var search = index is null || index.GetServiceEntryUris(ServiceTypes.SearchQueryService).Count == 0
                ? null
                : await _repository.GetResourceAsync<PackageSearchResource>(cancellationToken).ConfigureAwait(false);
            if (search is null)
            {
                _gaps.MarkLacksSearch(); // not in the service index: a fact about the source, said once, not per package
                return (null, null, false);
            }

            results = await search.SearchAsync($"packageid:{id}", new SearchFilter(includePrerelease: true), skip: 0, take: 5,
                NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is FatalProtocolException or HttpRequestException or IOException)
        {
            return (null, null, true);
        }

        var match = results.FirstOrDefault(r => string.Equals(r.Identity.Id, id, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return (null, null, false);
        }

        var owners = match.OwnersList?.Where(o => !string.IsNullOrWhiteSpace(o)).ToList()
            ?? match.Owners?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return (owners is { Count: > 0 } ? owners : null, match.PrefixReserved, false);
    }

    private static string? Describe(AlternatePackageMetadata? alternate)
    {
        if (alternate is null || string.IsNullOrWhiteSpace(alternate.PackageId))
        {
            return null;
        }

        return alternate.Range is null || alternate.Range.Equals(VersionRange.All)
            ? alternate.PackageId
            : $"{alternate.PackageId}@{alternate.Range.ToNormalizedString()}";
    }

    /// <summary>NuGet's vulnerability severities are 0–3 (GitHub advisory database levels).</summary>
    internal static string SeverityName(int severity) => severity switch
    {
        0 => "low",
        1 => "moderate",
        2 => "high",
        3 => "critical",
        _ => "unknown",
    };

    internal static int SeverityRank(string severity) => severity switch
    {
        "low" => 0,
        "moderate" => 1,
        "high" => 2,
        "critical" => 3,
        _ => -1,
    };
}
