using NuGet.Common;
using NuGet.ProjectModel;
using NuGet.Versioning;

namespace TrustCheck.Core.Inventory;

/// <summary>One package the restore resolved for the project.</summary>
/// <param name="Direct">Referenced by the project itself (for at least one target framework), not only pulled in by another package.</param>
/// <param name="TargetFrameworks">Short folder names (net10.0, net8.0…) of the frameworks the package is resolved for.</param>
public sealed record ResolvedPackage(string Id, NuGetVersion Version, bool Direct, IReadOnlyList<string> TargetFrameworks)
{
    public string Subject => $"{Id}@{Version.ToNormalizedString()}";
}

/// <summary>What project.assets.json says: the resolved packages and where restore put them.</summary>
public sealed record ProjectAssets(string AssetsPath, IReadOnlyList<ResolvedPackage> Packages, IReadOnlyList<string> PackageFolders);

/// <summary>Reads obj/project.assets.json with NuGet.ProjectModel (the same reader the SDK uses).</summary>
public static class ProjectAssetsReader
{
    /// <summary>Throws <see cref="InvalidDataException"/> when the file is not a usable assets file.</summary>
    public static ProjectAssets Read(string assetsPath)
    {
        LockFile lockFile;
        try
        {
            lockFile = new LockFileFormat().Read(assetsPath, NullLogger.Instance);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException(FirstLine(ex.InnerException?.Message ?? ex.Message), ex);
        }

        if (lockFile is null || lockFile.Version <= 0 || lockFile.Targets.Count == 0 && lockFile.Libraries.Count == 0 && lockFile.PackageSpec is null)
        {
            throw new InvalidDataException("it holds no restore result");
        }

        var direct = DirectDependencies(lockFile);
        var frameworks = new Dictionary<(string Id, NuGetVersion Version), SortedSet<string>>(new PackageKeyComparer());
        foreach (var target in lockFile.Targets)
        {
            var framework = target.TargetFramework.GetShortFolderName();
            foreach (var library in target.Libraries)
            {
                if (library.Type != "package" || library.Name is null || library.Version is null)
                {
                    continue;
                }

                var key = (library.Name, library.Version);
                if (!frameworks.TryGetValue(key, out var set))
                {
                    frameworks[key] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(framework);
            }
        }

        // Libraries listed without any target (rare: a target failed to resolve) still count as resolved packages.
        foreach (var library in lockFile.Libraries)
        {
            if (library.Type == "package" && library.Name is not null && library.Version is not null
                && !frameworks.ContainsKey((library.Name, library.Version)))
            {
                frameworks[(library.Name, library.Version)] = new SortedSet<string>(StringComparer.Ordinal);
            }
        }

        var packages = frameworks
            .Select(kv => new ResolvedPackage(kv.Key.Id, kv.Key.Version, direct.Contains(kv.Key.Id), kv.Value.ToList()))
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version)
            .ToList();
        var folders = lockFile.PackageFolders.Select(f => f.Path).Where(p => !string.IsNullOrEmpty(p)).ToList();
        return new ProjectAssets(Path.GetFullPath(assetsPath), packages, folders);
    }

    /// <summary>Package ids the project references itself, in any framework (Central Package Management keeps them here too).</summary>
    private static HashSet<string> DirectDependencies(LockFile lockFile)
    {
        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (lockFile.PackageSpec is { } spec)
        {
            foreach (var framework in spec.TargetFrameworks)
            {
                foreach (var dependency in framework.Dependencies)
                {
                    direct.Add(dependency.Name);
                }
            }
        }

        // Older assets files (or a spec-less one) still list the direct references per framework here.
        foreach (var group in lockFile.ProjectFileDependencyGroups)
        {
            foreach (var dependency in group.Dependencies)
            {
                var name = dependency.Split(' ', 2)[0];
                if (name.Length > 0)
                {
                    direct.Add(name);
                }
            }
        }

        return direct;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private sealed class PackageKeyComparer : IEqualityComparer<(string Id, NuGetVersion Version)>
    {
        public bool Equals((string Id, NuGetVersion Version) x, (string Id, NuGetVersion Version) y) =>
            string.Equals(x.Id, y.Id, StringComparison.OrdinalIgnoreCase) && x.Version.Equals(y.Version);

        public int GetHashCode((string Id, NuGetVersion Version) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id), obj.Version);
    }
}
