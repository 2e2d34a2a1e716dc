using System.Text;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Licenses;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Online;

/// <summary>
/// The license of a package version on a source, as an SPDX expression: the registration's license expression, else a
/// well-known license URL, else the version's .nuspec from the package content service (its expression or URL), and only
/// when that names a license file, the package itself (up to <see cref="MaxPackageBytes"/>, the file identified by its text). Null when none of these says; <c>Failed</c> when the
/// package could not be downloaded (worth asking again), as opposed to a package that does not say.
/// </summary>
internal sealed class LatestLicenseReader(SourceRepository repository, SourceCacheContext cacheContext, SourceGaps gaps)
{
    private const long MaxNuspecBytes = 1024 * 1024;

    /// <summary>Large enough for the packages whose license is a file; larger downloads are not worth a license answer.</summary>
    internal const long MaxPackageBytes = 32L * 1024 * 1024;
    private const int MaxLicenseFileBytes = 512 * 1024;

    public async Task<(string? License, bool Failed)> ReadAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        if (package.LicenseMetadata is { Type: LicenseType.Expression } metadata)
        {
            return (metadata.LicenseExpression?.ToString() ?? metadata.License, false);
        }

        if (package.LicenseUrl is { } url && LicenseUrlMapper.TryMap(url.ToString()) is { } mapped)
        {
            return (mapped, false);
        }

        return await FromNuspecAsync(package, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The latest version's .nuspec from the flat container (a few KB): its license expression or URL answers for almost
    /// every package. Only a license <em>file</em> needs the package itself. A source that has no .nuspec there (a partial
    /// mirror) is remembered in <see cref="SourceGaps"/> and not asked again.
    /// </summary>
    private async Task<(string? License, bool Failed)> FromNuspecAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        if (gaps.LacksNuspec || await NuspecUriAsync(package, cancellationToken).ConfigureAwait(false) is not { } uri)
        {
            return (null, false);
        }

        NuspecReader? nuspec;
        try
        {
            var http = await repository.GetResourceAsync<HttpSourceResource>(cancellationToken).ConfigureAwait(false);
            if (http is null)
            {
                return (null, false);
            }

            nuspec = await http.HttpSource.ProcessStreamAsync(
                new HttpSourceRequest(uri, NullLogger.Instance) { IgnoreNotFounds = true },
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
            return (null, true); // Not readable now: ask again next run.
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or PackagingException)
        {
            return (null, false); // A damaged nuspec says nothing about the license.
        }

        if (nuspec is null)
        {
            gaps.MarkLacksNuspec();
            return (null, false);
        }

        var license = nuspec.GetLicenseMetadata();
        if (license is { Type: LicenseType.Expression })
        {
            return (license.LicenseExpression?.ToString() ?? license.License, false);
        }

        if (license is { Type: LicenseType.File })
        {
            return await FromPackageContentAsync(package, cancellationToken).ConfigureAwait(false);
        }

        return (nuspec.GetLicenseUrl() is { Length: > 0 } licenseUrl ? LicenseUrlMapper.TryMap(licenseUrl) : null, false);
    }

    /// <summary>{PackageBaseAddress}/{id}/{version}/{id}.nuspec, lower-case, as the flat container protocol defines it.</summary>
    private async Task<string?> NuspecUriAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
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
        return $"{baseAddress.ToString().TrimEnd('/')}/{id}/{version}/{id}.nuspec";
    }

    private async Task<(string? License, bool Failed)> FromPackageContentAsync(IPackageSearchMetadata package, CancellationToken cancellationToken)
    {
        var content = await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return (null, false);
        }

        using var nupkg = new CappedMemoryStream(MaxPackageBytes);
        try
        {
            if (!await content.CopyNupkgToStreamAsync(package.Identity.Id, package.Identity.Version, nupkg, cacheContext,
                    NullLogger.Instance, cancellationToken).ConfigureAwait(false))
            {
                return (null, false);
            }
        }
        catch (Exception) when (nupkg.CapExceeded)
        {
            return (null, false); // Too large to be worth a license answer.
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is FatalProtocolException or HttpRequestException or IOException)
        {
            return (null, true); // Not downloadable now: the latest license stays unknown, the rest of the answer stands.
        }

        nupkg.Position = 0;
        try
        {
            using var reader = new PackageArchiveReader(nupkg, leaveStreamOpen: true);
            var nuspec = reader.NuspecReader;
            var license = nuspec.GetLicenseMetadata();
            if (license is { Type: LicenseType.Expression })
            {
                return (license.LicenseExpression?.ToString() ?? license.License, false);
            }

            if (license is { Type: LicenseType.File })
            {
                return (IdentifyLicenseFile(reader, license.License), false);
            }

            return (nuspec.GetLicenseUrl() is { Length: > 0 } licenseUrl ? LicenseUrlMapper.TryMap(licenseUrl) : null, false);
        }
        catch (Exception ex) when (ex is InvalidDataException or PackagingException or System.Xml.XmlException or NuGetLicenseExpressionParsingException)
        {
            return (null, false); // A damaged latest package says nothing about the license; the current version's checks are unaffected.
        }
    }

    private static string? IdentifyLicenseFile(PackageArchiveReader reader, string relativePath)
    {
        var wanted = relativePath.Replace('\\', '/').TrimStart('/');
        var file = reader.GetFiles().FirstOrDefault(f => string.Equals(f.Replace('\\', '/'), wanted, StringComparison.OrdinalIgnoreCase));
        if (file is null)
        {
            return null;
        }

        using var stream = reader.GetStream(file);
        var buffer = new byte[MaxLicenseFileBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return LicenseTextIdentifier.Identify(Encoding.UTF8.GetString(buffer, 0, length))?.SpdxId;
    }
}
