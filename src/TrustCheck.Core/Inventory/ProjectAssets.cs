using NuGet.Common;
using NuGet.ProjectModel;
using NuGet.Versioning;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Inventory;

/// <summary>One package the restore resolved for the project.</summary>
/// <param name="Direct">Referenced by the project itself (for at least one target framework), not only pulled in by another package.</param>
/// <param name="TargetFrameworks">Short folder names (net10.0, net8.0…) of the frameworks the package is resolved for.</param>
public sealed record ResolvedPackage(string Id, NuGetVersion Version, bool Direct, IReadOnlyList<string> TargetFrameworks)
{
    /// <summary>Read-only (no init): a <c>with</c> could otherwise leave <see cref="Subject"/> stale.</summary>
    public string Id { get; } = Id;

    /// <summary>Read-only (no init): a <c>with</c> could otherwise leave <see cref="Subject"/> stale.</summary>
    public NuGetVersion Version { get; } = Version;

    /// <summary>"Id@Version" (normalized), built once: every rule and location look-up asks for it.</summary>
    public string Subject { get; } = $"{Id}@{Version.ToNormalizedString()}";

    /// <summary>The packages this one depends on, as resolved in the same target ("Id@Version", sorted, any framework).</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];
}

/// <summary>What project.assets.json says: the resolved packages and where restore put them.</summary>
public sealed record ProjectAssets(string AssetsPath, IReadOnlyList<ResolvedPackage> Packages, IReadOnlyList<string> PackageFolders)
{
    /// <summary>Errors the restore logged into the file (NU1101 unknown package, NU1102 no matching version …): the graph is incomplete.</summary>
    public IReadOnlyList<RestoreError> RestoreErrors { get; init; } = [];

    /// <summary>Full paths of the projects this one references (ProjectReference), from the restore metadata.</summary>
    public IReadOnlyList<string> ProjectReferences { get; init; } = [];
}

/// <summary>One error-level message of the assets file's "logs" section.</summary>
/// <param name="Code">The NuGet code, e.g. NU1101.</param>
/// <param name="LibraryId">The package it is about, when restore says.</param>
/// <param name="RequestedRange">The version range the project asked for that package (from the package spec), when known.</param>
/// <param name="TargetGraphs">The frameworks (and runtimes) whose graphs failed, as restore names them.</param>
public sealed record RestoreError(string Code, string Message, string? LibraryId, string? RequestedRange, IReadOnlyList<string> TargetGraphs);

/// <summary>
/// Reads obj/project.assets.json with NuGet.ProjectModel (<see cref="LockFileUtilities.GetLockFile(string, ILogger, LockFileReadFlags)"/>),
/// only the sections the package check needs: targets (what resolved, per framework and runtime), the project's own
/// dependencies (projectFileDependencyGroups and the package spec, Central Package Management included), packageFolders
/// and the restore log. "libraries" (every file of every package, 40 % of the allocation) is read only when restore
/// logged errors: then it names the packages of a target that failed to resolve.
/// </summary>
public static class ProjectAssetsReader
{
    /// <summary>An assets file larger than this is not one restore wrote.</summary>
    private const long MaxAssetsBytes = 512L * 1024 * 1024;

    /// <summary>PackageSpec stays in although only its dependencies are used: NuGet 7.9 reading without it fails (NullReferenceException).</summary>
    private const LockFileReadFlags GraphSections = LockFileReadFlags.Targets | LockFileReadFlags.ProjectFileDependencyGroups
        | LockFileReadFlags.PackageSpec | LockFileReadFlags.PackageFolders | LockFileReadFlags.LogMessages;

    /// <summary>Throws <see cref="InvalidDataException"/> when the file is not a usable assets file.</summary>
    public static ProjectAssets Read(string assetsPath)
    {
        assetsPath = Path.GetFullPath(assetsPath);
        var lockFile = Load(assetsPath, GraphSections);
        if ((lockFile.LogMessages ?? []).Any(m => m.Level >= LogLevel.Error))
        {
            // An incomplete graph: read again with the libraries, which also list what no target resolved.
            lockFile = Load(assetsPath, GraphSections | LockFileReadFlags.Libraries);
        }

        return new ProjectAssets(assetsPath, ResolvedPackages(lockFile), lockFile.PackageFolders.Select(f => f.Path).Where(p => p.Length > 0).ToList())
        {
            RestoreErrors = RestoreErrors(lockFile),
            ProjectReferences = (lockFile.PackageSpec?.RestoreMetadata?.TargetFrameworks ?? [])
                .SelectMany(f => f.ProjectReferences).Select(r => r.ProjectPath).Where(p => !string.IsNullOrEmpty(p))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static LockFile Load(string assetsPath, LockFileReadFlags sections)
    {
        var errors = new ErrorCollector();
        LockFile? lockFile;
        try
        {
            if (!File.Exists(assetsPath))
            {
                throw new InvalidDataException("the file does not exist");
            }

            // Looked at before NuGet opens it: a FIFO or device under this name must not block or stream forever.
            var file = RegularFile.Inspect(assetsPath);
            if (file.Length > MaxAssetsBytes)
            {
                throw new InvalidDataException($"it is {file.Length} bytes, larger than any restore output");
            }

            // LockFileFormat never throws on bad content: it logs the error and returns an empty lock file.
            lockFile = LockFileUtilities.GetLockFile(assetsPath, errors, sections);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }

        if (errors.FirstError is { } error)
        {
            throw new InvalidDataException(error);
        }

        if (lockFile is null || lockFile.Version < 1 || lockFile.Targets.Count == 0)
        {
            throw new InvalidDataException("it holds no restore result (no \"version\" or \"targets\")");
        }

        return lockFile;
    }

    /// <summary>Error-level log messages, each with the range the project requested for the package it names.</summary>
    private static List<RestoreError> RestoreErrors(LockFile lockFile)
    {
        var requested = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var dependency in (lockFile.PackageSpec?.TargetFrameworks ?? []).SelectMany(f => f.Dependencies))
        {
            if (dependency.LibraryRange.VersionRange is { } range)
            {
                requested.TryAdd(dependency.Name, range.ToNormalizedString());
            }
        }

        return (lockFile.LogMessages ?? [])
            .Where(m => m.Level >= LogLevel.Error)
            .Select(m => new RestoreError(
                m.Code.ToString(),
                m.Message?.Split('\n')[0].Trim() ?? "",
                string.IsNullOrEmpty(m.LibraryId) ? null : m.LibraryId,
                m.LibraryId is { Length: > 0 } id && requested.TryGetValue(id, out var range) ? range : null,
                m.TargetGraphs?.ToList() ?? []))
            .ToList();
    }

    private static List<ResolvedPackage> ResolvedPackages(LockFile lockFile)
    {
        var direct = DirectDependencies(lockFile);
        var frameworks = new Dictionary<(string Id, NuGetVersion Version), SortedSet<string>>(PackageKeyComparer.Instance);
        var dependencies = new Dictionary<(string Id, NuGetVersion Version), SortedSet<string>>(PackageKeyComparer.Instance);
        foreach (var target in lockFile.Targets)
        {
            var framework = target.TargetFramework.GetShortFolderName();
            // A dependency edge counts only when the target resolved it to a package (not a project reference).
            var resolved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in target.Libraries)
            {
                if (library.Type == LibraryType.Package && library.Name is { } name && library.Version is { } version)
                {
                    FrameworksOf(frameworks, name, version).Add(framework);
                    resolved.TryAdd(name, $"{name}@{version.ToNormalizedString()}");
                }
            }

            foreach (var library in target.Libraries)
            {
                if (library.Type != LibraryType.Package || library.Name is not { } name || library.Version is not { } version)
                {
                    continue;
                }

                foreach (var dependency in library.Dependencies)
                {
                    if (resolved.TryGetValue(dependency.Id, out var dependencySubject))
                    {
                        FrameworksOf(dependencies, name, version).Add(dependencySubject);
                    }
                }
            }
        }

        // Libraries listed without any target (a target failed to resolve; read only then) still count as resolved packages.
        foreach (var library in lockFile.Libraries)
        {
            if (library.Type == LibraryType.Package && library.Name is { } name && library.Version is { } version)
            {
                FrameworksOf(frameworks, name, version);
            }
        }

        return frameworks
            .Select(kv => new ResolvedPackage(kv.Key.Id, kv.Key.Version, direct.Contains(kv.Key.Id), kv.Value.ToList())
            {
                Dependencies = dependencies.TryGetValue(kv.Key, out var edges) ? edges.ToList() : [],
            })
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version)
            .ToList();
    }

    private static SortedSet<string> FrameworksOf(Dictionary<(string Id, NuGetVersion Version), SortedSet<string>> frameworks, string id, NuGetVersion version)
    {
        if (!frameworks.TryGetValue((id, version), out var set))
        {
            frameworks[(id, version)] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    /// <summary>Package ids the project references itself, in any framework (Central Package Management keeps them here too).</summary>
    private static HashSet<string> DirectDependencies(LockFile lockFile)
    {
        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var framework in lockFile.PackageSpec?.TargetFrameworks ?? [])
        {
            direct.UnionWith(framework.Dependencies.Select(d => d.Name));
        }

        // Older assets files list the direct references only here ("Id >= 1.2.3").
        foreach (var group in lockFile.ProjectFileDependencyGroups)
        {
            direct.UnionWith(group.Dependencies.Select(d => d.Split(' ', 2)[0]).Where(name => name.Length > 0));
        }

        return direct;
    }

    private static class LibraryType
    {
        public const string Package = "package";
    }

    /// <summary>Keeps the first error LockFileFormat logs (it logs instead of throwing on a corrupt file).</summary>
    private sealed class ErrorCollector : LoggerBase
    {
        public string? FirstError { get; private set; }

        public override void Log(ILogMessage message)
        {
            if (message.Level >= LogLevel.Error)
            {
                FirstError ??= message.Message.Split('\n')[0].Trim();
            }
        }

        public override Task LogAsync(ILogMessage message)
        {
            Log(message);
            return Task.CompletedTask;
        }
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
