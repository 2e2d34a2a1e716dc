using System.Text;
using NuGet.Versioning;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Inventory;

/// <summary>
/// What the package check needs from project.assets.json, kept beside it in obj/ until restore writes the assets file
/// again: the SDK does the same with its $(ProjectAssetsCacheFile). Parsing the ~100 KB of JSON was half of the check's
/// time in every project of a build, rebuilds included; the cache is a few KB of lines read in a fraction of that.
/// </summary>
/// <remarks>
/// Keyed by the assets file's full path, size and write time (restore rewrites it whenever the graph changes) and by
/// <see cref="FormatLine"/>, which changes whenever what is derived changes. Like the SDK's cache it is not a FileWrite:
/// a rebuild keeps it, since the assets file it was derived from is kept too. Anything odd about the cache file
/// (missing, another key, unreadable, malformed, a FIFO) means it is derived again from the JSON and rewritten; a check
/// never fails because of it. Restores that logged errors are never cached: those builds fail and are rare.
/// </remarks>
public static class ProjectAssetsCache
{
    /// <summary>The first line; bump the number whenever <see cref="ProjectAssetsReader"/> derives something new.</summary>
    internal const string FormatLine = "trustcheck-assets-cache 1";

    /// <summary>Far above the few KB a project's packages take; only bounds the read.</summary>
    private const long MaxCacheBytes = 4L * 1024 * 1024;

    private const char Separator = '\t';
    private const char ListSeparator = ';';

    /// <summary>
    /// The assets of <paramref name="assetsPath"/>: from <paramref name="cachePath"/> when it was derived from this very
    /// file, else read with <see cref="ProjectAssetsReader"/> and written to <paramref name="cachePath"/> for the next build.
    /// Throws <see cref="InvalidDataException"/> as <see cref="ProjectAssetsReader.Read"/> does.
    /// </summary>
    public static ProjectAssets Read(string assetsPath, string? cachePath)
    {
        if (cachePath is null)
        {
            return ProjectAssetsReader.Read(assetsPath);
        }

        assetsPath = Path.GetFullPath(assetsPath);
        var key = KeyOf(assetsPath);
        if (key is not null && TryLoad(cachePath, key, assetsPath) is { } cached)
        {
            return cached;
        }

        var assets = ProjectAssetsReader.Read(assetsPath);
        if (key is not null && Serialize(key, assets) is { } content)
        {
            try
            {
                AtomicFile.WriteAllText(Path.GetFullPath(cachePath), content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read-only obj/: the next build parses the JSON again, nothing else is lost.
            }
        }

        return assets;
    }

    /// <summary>"path|size|write time" of the assets file; null when it cannot be inspected (the reader then reports why).</summary>
    private static string? KeyOf(string assetsPath)
    {
        try
        {
            return RegularFile.Inspect(assetsPath).Identity;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cache's lines, or null when something cannot be written as tab-separated fields (never cached then).</summary>
    internal static string? Serialize(string key, ProjectAssets assets)
    {
        // One field with a tab or a line break in it (a pathological folder name) would change the lines' meaning.
        if (assets.RestoreErrors.Count > 0 || !IsField(key) || !assets.PackageFolders.All(IsField) || !assets.ProjectReferences.All(IsField)
            || !assets.Packages.All(p => IsField(p.Id) && p.TargetFrameworks.All(IsListItem) && p.Dependencies.All(IsListItem)))
        {
            return null;
        }

        var text = new StringBuilder(256 + assets.Packages.Count * 128);
        text.Append(FormatLine).Append('\n');
        text.Append("source").Append(Separator).Append(key).Append('\n');
        foreach (var folder in assets.PackageFolders)
        {
            text.Append("folder").Append(Separator).Append(folder).Append('\n');
        }

        foreach (var reference in assets.ProjectReferences)
        {
            text.Append("reference").Append(Separator).Append(reference).Append('\n');
        }

        foreach (var package in assets.Packages)
        {
            text.Append("package").Append(Separator).Append(package.Id)
                .Append(Separator).Append(package.Version.ToNormalizedString())
                .Append(Separator).Append(package.Direct ? '1' : '0')
                .Append(Separator).AppendJoin(ListSeparator, package.TargetFrameworks)
                .Append(Separator).AppendJoin(ListSeparator, package.Dependencies)
                .Append('\n');
        }

        return text.Append("end\n").ToString();
    }

    private static bool IsField(string value) => value.AsSpan().IndexOfAny(Separator, '\n') < 0;

    private static bool IsListItem(string value) => IsField(value) && !value.Contains(ListSeparator);

    private static ProjectAssets? TryLoad(string cachePath, string key, string assetsPath)
    {
        try
        {
            if (!File.Exists(cachePath))
            {
                return null;
            }

            return Parse(RegularFile.ReadAllText(cachePath, MaxCacheBytes), key, assetsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // Not a regular file, too large, unreadable: derive again.
        }
    }

    /// <summary>The assets the cache holds, or null when it is for another file, another format or malformed.</summary>
    internal static ProjectAssets? Parse(string content, string key, string assetsPath)
    {
        var lines = content.Split('\n');
        if (lines.Length < 4 || lines[0] != FormatLine || lines[1] != "source" + Separator + key || lines[^1] != "" || lines[^2] != "end")
        {
            return null;
        }

        var folders = new List<string>();
        var references = new List<string>();
        var packages = new List<ResolvedPackage>();
        for (var i = 2; i < lines.Length - 2; i++)
        {
            var fields = lines[i].Split(Separator);
            switch (fields[0])
            {
                case "folder" when fields.Length == 2:
                    folders.Add(fields[1]);
                    break;
                case "reference" when fields.Length == 2:
                    references.Add(fields[1]);
                    break;
                case "package" when fields.Length == 6 && NuGetVersion.TryParse(fields[2], out var version) && fields[3] is "0" or "1":
                    packages.Add(new ResolvedPackage(fields[1], version, fields[3] == "1", SplitList(fields[4])) { Dependencies = SplitList(fields[5]) });
                    break;
                default:
                    return null;
            }
        }

        return new ProjectAssets(assetsPath, packages, folders) { ProjectReferences = references };
    }

    private static string[] SplitList(string field) => field.Length == 0 ? [] : field.Split(ListSeparator);
}
