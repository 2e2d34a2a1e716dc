using System.Text.Json;
using NuGet.Frameworks;
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

/// <summary>
/// Reads the parts of obj/project.assets.json that the package check needs: "targets" (what resolved, per framework and
/// runtime), "libraries" (type), "project.frameworks.*.dependencies" and "projectFileDependencyGroups" (what the project
/// references itself, Central Package Management included) and "packageFolders".
/// NuGet.ProjectModel's LockFileFormat reads the same file into the full model, but starting it up costs ~50–100 ms per
/// process, most of the CLI's time budget, to read four sections; the tests check this reader against LockFileFormat
/// on real assets files.
/// </summary>
public static class ProjectAssetsReader
{
    /// <summary>An assets file larger than this is not one restore wrote.</summary>
    private const long MaxAssetsBytes = 512L * 1024 * 1024;

    /// <summary>Throws <see cref="InvalidDataException"/> when the file is not a usable assets file.</summary>
    public static ProjectAssets Read(string assetsPath)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(assetsPath);
            if (info.Length > MaxAssetsBytes)
            {
                throw new InvalidDataException($"it is {info.Length} bytes, larger than any restore output");
            }

            bytes = File.ReadAllBytes(assetsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            return Read(document.RootElement, Path.GetFullPath(assetsPath));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            throw new InvalidDataException(ex is JsonException ? $"not valid JSON ({ex.Message.Split('\n')[0].Trim()})" : $"unexpected content ({ex.Message})", ex);
        }
    }

    private static ProjectAssets Read(JsonElement root, string assetsPath)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() < 1
            || !root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("it holds no restore result (no \"version\" or \"targets\")");
        }

        var packageLibraries = PackageLibraries(root);
        var direct = DirectDependencies(root);
        var frameworks = new Dictionary<(string Id, NuGetVersion Version), SortedSet<string>>(PackageKeyComparer.Instance);
        foreach (var target in targets.EnumerateObject())
        {
            var framework = ShortFrameworkName(target.Name);
            foreach (var library in target.Value.EnumerateObject())
            {
                var isPackage = library.Value.TryGetProperty("type", out var type) ? type.GetString() == "package" : packageLibraries.Contains(library.Name);
                if (isPackage && TryParseLibraryKey(library.Name, out var key))
                {
                    if (!frameworks.TryGetValue(key, out var set))
                    {
                        frameworks[key] = set = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(framework);
                }
            }
        }

        // Libraries listed without any target (a target failed to resolve) still count as resolved packages.
        foreach (var name in packageLibraries)
        {
            if (TryParseLibraryKey(name, out var key) && !frameworks.ContainsKey(key))
            {
                frameworks[key] = new SortedSet<string>(StringComparer.Ordinal);
            }
        }

        var packages = frameworks
            .Select(kv => new ResolvedPackage(kv.Key.Id, kv.Key.Version, direct.Contains(kv.Key.Id), kv.Value.ToList()))
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version)
            .ToList();
        var folders = root.TryGetProperty("packageFolders", out var packageFolders) && packageFolders.ValueKind == JsonValueKind.Object
            ? packageFolders.EnumerateObject().Select(f => f.Name).Where(p => p.Length > 0).ToList()
            : new List<string>();
        return new ProjectAssets(assetsPath, packages, folders);
    }

    private static HashSet<string> PackageLibraries(JsonElement root)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
        {
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.ValueKind == JsonValueKind.Object && library.Value.TryGetProperty("type", out var type) && type.GetString() == "package")
                {
                    names.Add(library.Name);
                }
            }
        }

        return names;
    }

    /// <summary>Package ids the project references itself, in any framework (Central Package Management keeps them here too).</summary>
    private static HashSet<string> DirectDependencies(JsonElement root)
    {
        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("project", out var project) && project.ValueKind == JsonValueKind.Object
            && project.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                if (framework.Value.ValueKind == JsonValueKind.Object && framework.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    foreach (var dependency in dependencies.EnumerateObject())
                    {
                        direct.Add(dependency.Name);
                    }
                }
            }
        }

        // Older assets files still list the direct references per framework here ("Id >= 1.2.3").
        if (root.TryGetProperty("projectFileDependencyGroups", out var groups) && groups.ValueKind == JsonValueKind.Object)
        {
            foreach (var group in groups.EnumerateObject())
            {
                if (group.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var dependency in group.Value.EnumerateArray())
                {
                    var name = dependency.GetString()?.Split(' ', 2)[0];
                    if (!string.IsNullOrEmpty(name))
                    {
                        direct.Add(name);
                    }
                }
            }
        }

        return direct;
    }

    /// <summary>"Microsoft.ML/5.0.1" → (Microsoft.ML, 5.0.1).</summary>
    private static bool TryParseLibraryKey(string key, out (string Id, NuGetVersion Version) library)
    {
        var slash = key.LastIndexOf('/');
        if (slash > 0 && NuGetVersion.TryParse(key[(slash + 1)..], out var version))
        {
            library = (key[..slash], version);
            return true;
        }

        library = default;
        return false;
    }

    /// <summary>Target keys are "net10.0" or "net10.0/linux-x64" (older files: ".NETCoreApp,Version=v8.0").</summary>
    private static string ShortFrameworkName(string targetKey)
    {
        var framework = targetKey.Split('/', 2)[0];
        return framework.Contains(',', StringComparison.Ordinal) ? NuGetFramework.Parse(framework).GetShortFolderName() : framework;
    }

    private sealed class PackageKeyComparer : IEqualityComparer<(string Id, NuGetVersion Version)>
    {
        public static readonly PackageKeyComparer Instance = new();

        public bool Equals((string Id, NuGetVersion Version) x, (string Id, NuGetVersion Version) y) =>
            string.Equals(x.Id, y.Id, StringComparison.OrdinalIgnoreCase) && x.Version.Equals(y.Version);

        public int GetHashCode((string Id, NuGetVersion Version) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id), obj.Version);
    }
}
