using System.Text;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Licenses;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Online;

/// <summary>What the source says about the latest version's license.</summary>
/// <param name="License">SPDX expression; null when unknown.</param>
/// <param name="UnreadFile">The license file the nuspec names when its text could not be read by range requests.</param>
/// <param name="Failed">The source could not be asked now (worth asking again), as opposed to a package that does not say.</param>
internal readonly record struct LatestLicense(string? License, string? UnreadFile, bool Failed)
{
    public static readonly LatestLicense Unknown = new(null, null, false);
    public static readonly LatestLicense Unreachable = new(null, null, true);
}

/// <summary>
/// The license of a package version on a source, as an SPDX expression: the registration's license expression, else a
/// well-known license URL, else the version's .nuspec from the package content service (its expression or URL), and only
/// when that names a license file, that one file read out of the .nupkg by HTTP range requests (never the whole package)
/// and identified by its text.
/// </summary>
internal sealed class LatestLicenseReader(SourceRepository repository, SourceGaps gaps)
{
    private const long MaxNuspecBytes = 1024 * 1024;

    private const int MaxLicenseFileBytes = 512 * 1024;

    public async Task<LatestLicense> ReadAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        if (package.LicenseMetadata is { Type: LicenseType.Expression } metadata)
        {
            return new(metadata.LicenseExpression?.ToString() ?? metadata.License, null, false);
        }

        if (package.LicenseUrl is { } url && LicenseUrlMapper.TryMap(url.ToString()) is { } mapped)
        {
            return new(mapped, null, false);
        }

        return await FromNuspecAsync(package, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The latest version's .nuspec from the flat container (a few KB): its license expression or URL answers for almost
    /// every package. Only a license <em>file</em> needs the package itself. A source that has no .nuspec there (a partial
    /// mirror) is remembered in <see cref="SourceGaps"/> and not asked again.
    /// </summary>
    private async Task<LatestLicense> FromNuspecAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        if (gaps.LacksNuspec || await PackageUrisAsync(package, cancellationToken).ConfigureAwait(false) is not { } uris)
        {
            return LatestLicense.Unknown;
        }

        NuspecReader? nuspec;
        HttpSourceResource? http;
        try
        {
            http = await repository.GetResourceAsync<HttpSourceResource>(cancellationToken).ConfigureAwait(false);
            if (http is null)
            {
                return LatestLicense.Unknown;
            }

            nuspec = await http.HttpSource.ProcessStreamAsync(
                new HttpSourceRequest(uris.Nuspec, NullLogger.Instance) { IgnoreNotFounds = true },
                async stream =>
                {
                    if (stream is null)
                    {
                        return null;
                    }

                    using var capped = new CappedMemoryStream(MaxNuspecBytes);
                    await stream.CopyToAsync(capped, cancellationToken).ConfigureAwait(false);
                    capped.Position = 0;
                    return new NuspecReader(capped);
                },
                NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is FatalProtocolException or HttpRequestException or IOException)
        {
            return LatestLicense.Unreachable; // Not readable now: ask again next run.
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or PackagingException)
        {
            return LatestLicense.Unknown; // A damaged nuspec says nothing about the license.
        }

        if (nuspec is null)
        {
            gaps.MarkLacksNuspec();
            return LatestLicense.Unknown;
        }

        var license = nuspec.GetLicenseMetadata();
        if (license is { Type: LicenseType.Expression })
        {
            return new(license.LicenseExpression?.ToString() ?? license.License, null, false);
        }

        if (license is { Type: LicenseType.File })
        {
            return await FromLicenseFileAsync(http.HttpSource, uris.Nupkg, license.License, cancellationToken).ConfigureAwait(false);
        }

        return new(nuspec.GetLicenseUrl() is { Length: > 0 } licenseUrl ? LicenseUrlMapper.TryMap(licenseUrl) : null, null, false);
    }

    /// <summary>{PackageBaseAddress}/{id}/{version}/{id}.nuspec and {id}.{version}.nupkg, lower-case, as the flat container protocol defines them.</summary>
    private async Task<(string Nuspec, string Nupkg)?> PackageUrisAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        var index = await repository.GetResourceAsync<ServiceIndexResourceV3>(cancellationToken).ConfigureAwait(false);
        var baseAddress = index?.GetServiceEntryUri(ServiceTypes.PackageBaseAddress);
        if (baseAddress is null)
        {
            gaps.MarkLacksNuspec();
            return null;
        }

        var id = package.Identity.Id.ToLowerInvariant();
        var version = package.Identity.Version.ToNormalizedString().ToLowerInvariant();
        var directory = $"{baseAddress.ToString().TrimEnd('/')}/{id}/{version}/";
        return ($"{directory}{id}.nuspec", $"{directory}{id}.{version}.nupkg");
    }

    /// <summary>
    /// Only the license file's bytes, by range requests. When they cannot be read that way (no Range support, too large,
    /// an odd zip) the file stays unread — the whole package is never downloaded for a license answer.
    /// </summary>
    private static async Task<LatestLicense> FromLicenseFileAsync(HttpSource http, string nupkgUri, string licensePath, CancellationToken cancellationToken)
    {
        byte[]? text;
        try
        {
            text = await new RemoteZipEntryReader(http, nupkgUri)
                .ReadEntryAsync(licensePath, MaxLicenseFileBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is FatalProtocolException or HttpRequestException or IOException)
        {
            return new(null, licensePath, true); // Not readable now: ask again next run.
        }

        return text is not null && LicenseTextIdentifier.Identify(Encoding.UTF8.GetString(text))?.SpdxId is { } spdx
            ? new(spdx, null, false)
            : new(null, licensePath, false);
    }
}
