using System.Text;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Versioning;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Inventory;

/// <summary>
/// Reads the facts of one package from its extracted folder in the global packages folder: nuspec (license,
/// repository, authors), .nupkg.metadata (content hash, source) and .signature.p7s. Never opens the .nupkg:
/// the extracted files hold everything, which keeps a check of 40 packages well under a second.
/// </summary>
public static class PackageFolderReader
{
    /// <summary>License files and signatures larger than this are not read (a real one is a few KB).</summary>
    private const long MaxLicenseFileBytes = 1024 * 1024;
    private const long MaxSignatureBytes = 4 * 1024 * 1024;
    private const long MaxNupkgMetadataBytes = 1024 * 1024;

    /// <summary>The extracted folder of the package in the first package folder that has it, or null.</summary>
    public static string? FindInstallPath(IReadOnlyList<string> packageFolders, string id, NuGetVersion version)
    {
        foreach (var folder in packageFolders)
        {
            var resolver = new VersionFolderPathResolver(folder);
            var installPath = resolver.GetInstallPath(id, version);
            if (Directory.Exists(installPath))
            {
                return installPath;
            }
        }

        return null;
    }

    public static PackageFacts Read(string installPath, string id, NuGetVersion version)
    {
        var facts = new PackageFacts { InstallPath = installPath };
        var resolver = new VersionFolderPathResolver(Path.GetDirectoryName(Path.GetDirectoryName(installPath))!);
        ReadManifest(facts, Path.Combine(installPath, resolver.GetManifestFileName(id, version)), installPath);
        ReadNupkgMetadata(facts, Path.Combine(installPath, PackagingCoreConstants.NupkgMetadataFileExtension));
        ReadSignature(facts, Path.Combine(installPath, SigningSpecifications.V1.SignaturePath));
        return facts;
    }

    private static void ReadManifest(PackageFacts facts, string nuspecPath, string installPath)
    {
        if (!File.Exists(nuspecPath))
        {
            // Older clients kept the original casing of the nuspec name; look for any nuspec before giving up.
            nuspecPath = Directory.EnumerateFiles(installPath, "*.nuspec").FirstOrDefault() ?? nuspecPath;
        }

        NuspecReader nuspec;
        try
        {
            using (var stream = RegularFile.OpenRead(nuspecPath))
            {
                nuspec = new NuspecReader(stream);
            }

            nuspec.GetIdentity();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException or PackagingException or InvalidDataException or ArgumentException or NullReferenceException)
        {
            var reason = File.Exists(nuspecPath) ? $"its nuspec could not be read ({FirstLine(ex.Message)})" : "its folder has no .nuspec";
            facts.Problems.Add($"{reason}, so its license and repository are unknown. Delete {installPath} and run 'dotnet restore' to extract it again.");
            return;
        }

        facts.ManifestRead = true;
        facts.Authors = NullIfEmpty(nuspec.GetAuthors());
        facts.ProjectUrl = NullIfEmpty(nuspec.GetProjectUrl());
        var repository = nuspec.GetRepositoryMetadata();
        if (!string.IsNullOrWhiteSpace(repository.Url))
        {
            facts.Repository = new RepositoryReport
            {
                Type = NullIfEmpty(repository.Type),
                Url = repository.Url,
                Commit = NullIfEmpty(repository.Commit),
            };
        }

        facts.License = ReadLicense(facts, nuspec, installPath);
    }

    /// <summary>Expression beats file beats licenseUrl; a placeholder URL (aka.ms/deprecateLicenseUrl) says nothing.</summary>
    private static LicenseReport ReadLicense(PackageFacts facts, NuspecReader nuspec, string installPath)
    {
        var licenseUrl = NullIfEmpty(nuspec.GetLicenseUrl());
        var url = licenseUrl is not null && !LicenseUrlMapper.IsPlaceholder(licenseUrl) ? licenseUrl : null;
        LicenseMetadata? metadata;
        try
        {
            metadata = nuspec.GetLicenseMetadata();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A license element NuGet cannot parse (e.g. an unknown license type) is an unknown license, not a crash.
            facts.Problems.Add($"its <license> element could not be parsed ({FirstLine(ex.Message)}).");
            metadata = null;
        }

        if (metadata is { Type: LicenseType.Expression })
        {
            var expression = NullIfEmpty(metadata.LicenseExpression?.ToString()) ?? NullIfEmpty(metadata.License);
            return new LicenseReport { Expression = expression, Kind = "expression", Source = "nuspec", Url = url };
        }

        if (metadata is { Type: LicenseType.File })
        {
            var match = IdentifyLicenseFile(facts, installPath, metadata.License);
            if (match is null)
            {
                facts.UnidentifiedLicenseFile = metadata.License;
            }

            return new LicenseReport { Expression = match?.SpdxId, Kind = "file", Source = "license-text", Url = url };
        }

        var mapped = url is null ? null : LicenseUrlMapper.TryMap(url);
        if (mapped is not null)
        {
            return new LicenseReport { Expression = mapped, Kind = "url", Source = "license-url", Url = url };
        }

        // Nothing declared says which license: a license text in the package root can, and is reported as undeclared.
        var undeclared = FindUndeclaredLicenseFile(facts, installPath);
        if (undeclared is { Match: not null })
        {
            return new LicenseReport { Expression = undeclared.Value.Match.SpdxId, Kind = UndeclaredFileKind, Source = "license-text:" + undeclared.Value.Name, Url = url };
        }

        facts.UndeclaredLicenseFile = undeclared?.Name;
        return url is not null
            ? new LicenseReport { Kind = "url", Source = "license-url", Url = url }
            : new LicenseReport { Kind = "none" };
    }

    /// <summary>license.kind of a license identified from a file the nuspec does not name.</summary>
    public const string UndeclaredFileKind = "undeclared-file";

    /// <summary>File names (without extension) of license texts in a package root; other names (NOTICE, EULA, …) are not licenses.</summary>
    private static readonly string[] LicenseFileStems = ["LICENSE", "LICENCE", "COPYING", "LICENSE-MIT", "LICENSE-APACHE"];
    private static readonly string[] LicenseFileExtensions = ["", ".txt", ".md", ".rst"];

    /// <summary>The first license text in the package root (by name, ordinal) and what it is, or null when there is none.</summary>
    private static (string Name, LicenseTextMatch? Match)? FindUndeclaredLicenseFile(PackageFacts facts, string installPath)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(installPath)
                .Select(Path.GetFileName)
                .Where(name => name is not null && LicenseFileStems.Contains(Path.GetFileNameWithoutExtension(name), StringComparer.OrdinalIgnoreCase)
                    && LicenseFileExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
                .Select(name => name!)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        (string Name, LicenseTextMatch? Match)? first = null;
        foreach (var name in candidates)
        {
            var match = IdentifyLicenseFile(facts, installPath, name);
            if (match is not null)
            {
                return (name, match);
            }

            first ??= (name, null);
        }

        return first;
    }

    private static LicenseTextMatch? IdentifyLicenseFile(PackageFacts facts, string installPath, string relativePath)
    {
        var root = Path.GetFullPath(installPath);
        var file = Path.GetFullPath(Path.Combine(root, relativePath.Replace('\\', '/')));
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            facts.Problems.Add($"its license file '{relativePath}' points outside the package folder and was not read.");
            return null;
        }

        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                facts.Problems.Add($"its nuspec names the license file '{relativePath}', which is not in the package folder.");
                return null;
            }

            if (info.Length > MaxLicenseFileBytes)
            {
                facts.Problems.Add($"its license file '{relativePath}' is {info.Length} bytes, too large to identify.");
                return null;
            }

            return LicenseTextIdentifier.Identify(RegularFile.ReadAllText(file, MaxLicenseFileBytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            facts.Problems.Add($"its license file '{relativePath}' could not be read ({FirstLine(ex.Message)}).");
            return null;
        }
    }

    private static void ReadNupkgMetadata(PackageFacts facts, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            (facts.ContentHash, facts.Source) = ReadNupkgMetadataFields(RegularFile.ReadAllBytes(path, MaxNupkgMetadataBytes));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            facts.Problems.Add($"its .nupkg.metadata could not be read ({FirstLine(ex.Message)}), so its source and content hash are unknown.");
        }
    }

    /// <summary>
    /// contentHash and source from .nupkg.metadata ({"version":2,"contentHash":"…","source":"…"}). A plain reader instead of
    /// NupkgMetadataFileFormat: that one starts NuGet's serializer context, which costs more start-up than the whole read.
    /// </summary>
    internal static (string? ContentHash, string? Source) ReadNupkgMetadataFields(ReadOnlySpan<byte> json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string? contentHash = null;
        string? source = null;
        if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            throw new InvalidDataException("it is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var isHash = reader.ValueTextEquals("contentHash"u8);
            var isSource = reader.ValueTextEquals("source"u8);
            reader.Read();
            if (reader.TokenType == System.Text.Json.JsonTokenType.String && (isHash || isSource))
            {
                var value = NullIfEmpty(reader.GetString());
                if (isHash)
                {
                    contentHash = value;
                }
                else
                {
                    source = value;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (contentHash, source);
    }

    private static void ReadSignature(PackageFacts facts, string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return;
        }

        try
        {
            if (info.Length > MaxSignatureBytes)
            {
                throw new InvalidDataException($"the file is {info.Length} bytes");
            }

            facts.Signature = PackageSignatureReader.Read(RegularFile.ReadAllBytes(path, MaxSignatureBytes));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            facts.Signature = new SignatureReport();
            facts.SignatureReadable = false;
            facts.Problems.Add($"its .signature.p7s could not be decoded ({FirstLine(ex.Message)}); it is treated as unsigned. Delete the package folder and restore it again; if it persists, do not trust this package copy.");
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
