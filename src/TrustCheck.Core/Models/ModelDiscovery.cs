using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>One model as the user sees it: a single file, or a folder (Hugging Face layout, or a signed folder) whose files make up one model.</summary>
/// <param name="Path">Full path of the file or folder.</param>
/// <param name="Files">Full paths of the files to inspect (one for a file model).</param>
/// <param name="KeepUnknown">When false, a file whose content is no known format is dropped silently (a README next to weights in a plain folder).</param>
internal sealed record ModelUnit(string Path, bool IsFolder, IReadOnlyList<string> Files, bool KeepUnknown)
{
    /// <summary>Set for a model resolved in the Ollama store or Hugging Face cache: findings then name its reference.</summary>
    public Remote.StoreModel? Store { get; init; }

    /// <summary>What findings about this model name: the reference for a store model, else its path as shown.</summary>
    public string SubjectIn(CheckContext context) => Store?.Reference.Canonical ?? context.DisplayPath(Path);
}

/// <summary>
/// Finds models: explicit paths (files, folders walked recursively) and, when asked, the project folder.
/// Extensions only pick candidates; content decides the format later.
/// </summary>
internal static class ModelDiscovery
{
    /// <summary>Bounds the walk: a project folder with millions of files must not stall the build.</summary>
    private const int MaxFilesPerWalk = 200_000;

    public static IReadOnlyList<ModelUnit> Discover(CheckContext context)
    {
        var data = ModelDiscoveryData.Current;
        var units = new List<ModelUnit>();
        var claimed = new HashSet<string>(PathComparer);
        var projectDirectory = TrustCheckEngine.ProjectDirectory(context.Options);

        foreach (var input in context.Options.ModelPaths.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(PathComparer))
        {
            var full = Path.GetFullPath(input, context.WorkingDirectory);
            var kind = FileKindProbe.Probe(full);
            if (kind is not (FileKind.Missing or FileKind.Directory or FileKind.Regular))
            {
                // A FIFO, device or link loop: the inspector names it in one finding without opening it.
                if (claimed.Add(full))
                {
                    units.Add(new ModelUnit(full, IsFolder: false, [full], KeepUnknown: true));
                }
            }
            else if (kind == FileKind.Regular)
            {
                var first = units.Count;
                // An MSBuild item naming one weights file of a Hugging Face folder still means the whole model (card, config …).
                if (EnclosingModelFolder(full, context, data) is { } folder && !claimed.Contains(full))
                {
                    Walk(folder, explicitFolder: true, data, units, claimed);
                }
                else if (claimed.Add(full))
                {
                    units.Add(new ModelUnit(full, IsFolder: false, [full], KeepUnknown: true));
                }

                // A file named on its own (scan FILE) is what the user asked for; in a project it must stay inside it.
                if (projectDirectory is not null)
                {
                    ModelLinkBoundary.Check(context, units.Skip(first), projectDirectory, "project folder");
                }
            }
            else if (kind == FileKind.Directory)
            {
                var first = units.Count;
                Walk(full, explicitFolder: true, data, units, claimed);
                // A scanned folder is its own boundary; in a project, the project folder is.
                ModelLinkBoundary.Check(context, units.Skip(first), projectDirectory ?? full, projectDirectory is null ? "scanned folder" : "project folder");
            }
            else
            {
                var shown = context.DisplayPath(full);
                context.Findings.Add(RuleIds.ModelMalformed, shown,
                    $"{shown}: model path does not exist, so it could not be inspected. Fix the path (TrustCheckModel item or scan argument) or remove it.",
                    new FindingLocation(shown));
            }
        }

        if (context.Options.DiscoverModelsInProject && projectDirectory is not null)
        {
            var first = units.Count;
            Walk(projectDirectory, explicitFolder: false, data, units, claimed);
            ModelLinkBoundary.Check(context, units.Skip(first), projectDirectory, "project folder");
        }

        return units;
    }

    /// <summary>The file's folder (or its parent, for layouts like onnx/model.onnx) when that is a model folder; never the project folder.</summary>
    private static string? EnclosingModelFolder(string file, CheckContext context, ModelDiscoveryData data)
    {
        var project = TrustCheckEngine.ProjectDirectory(context.Options);
        var directory = Path.GetDirectoryName(file);
        for (var level = 0; level < 2 && directory is not null; level++, directory = Path.GetDirectoryName(directory))
        {
            if (project is not null && PathComparer.Equals(directory.TrimEnd(Path.DirectorySeparatorChar), project.TrimEnd(Path.DirectorySeparatorChar)))
            {
                return null;
            }

            if (IsModelFolder(directory, data))
            {
                return directory;
            }
        }

        return null;
    }

    /// <summary>
    /// Top-down walk. A model folder becomes one unit with all its files; elsewhere each candidate file is its own unit.
    /// In an explicitly named folder every file is a candidate (content decides); in a project walk only model extensions are.
    /// </summary>
    private static void Walk(string root, bool explicitFolder, ModelDiscoveryData data, List<ModelUnit> units, HashSet<string> claimed)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        var seen = 0;
        while (pending.Count > 0 && seen < MaxFilesPerWalk)
        {
            var directory = pending.Pop();
            // The project folder itself is never one model: a README with front matter there describes the app, not weights.
            var mayBeModelFolder = explicitFolder || !PathComparer.Equals(directory, root);
            if (mayBeModelFolder && IsModelFolder(directory, data))
            {
                var files = FilesUnder(directory, data).Where(claimed.Add).ToList();
                if (files.Count > 0)
                {
                    units.Add(new ModelUnit(directory, IsFolder: true, files, KeepUnknown: true));
                    seen += files.Count;
                }

                continue;
            }

            foreach (var file in SafeEnumerate(() => Directory.EnumerateFiles(directory)).OrderBy(f => f, StringComparer.Ordinal))
            {
                seen++;
                if ((explicitFolder || data.HasModelExtension(file)) && claimed.Add(file))
                {
                    units.Add(new ModelUnit(file, IsFolder: false, [file], KeepUnknown: false));
                }
            }

            foreach (var sub in SubDirectories(directory, data).OrderByDescending(d => d, StringComparer.Ordinal))
            {
                pending.Push(sub);
            }
        }
    }

    /// <summary>
    /// A folder is one model when it holds a model signature (model.sig), or a Hugging Face marker (config.json, a model card
    /// README.md with YAML front matter, …) next to weights (in it or one level down, like onnx/ or a quantization folder).
    /// </summary>
    internal static bool IsModelFolder(string directory, ModelDiscoveryData data)
    {
        var names = SafeEnumerate(() => Directory.EnumerateFiles(directory)).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Any(n => data.SignatureMarkers.Contains(n!)))
        {
            return true;
        }

        var hasMarker = names.Any(n => data.FolderMarkers.Contains(n!)
            && (!n!.Equals("README.md", StringComparison.OrdinalIgnoreCase) || ModelCardFacts.HasFrontMatter(Path.Combine(directory, n))));
        if (!hasMarker)
        {
            return false;
        }

        return names.Any(n => data.HasModelExtension(n!))
            || SubDirectories(directory, data).Any(sub => SafeEnumerate(() => Directory.EnumerateFiles(sub)).Any(data.HasModelExtension));
    }

    private static IEnumerable<string> FilesUnder(string directory, ModelDiscoveryData data)
    {
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0 && result.Count < MaxFilesPerWalk)
        {
            var current = pending.Pop();
            result.AddRange(SafeEnumerate(() => Directory.EnumerateFiles(current)));
            foreach (var sub in SubDirectories(current, data))
            {
                pending.Push(sub);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Sub-folders to descend into: not bin/obj/.git/node_modules…, and not symbolic links (no cycles, no escaping the tree).</summary>
    private static IEnumerable<string> SubDirectories(string directory, ModelDiscoveryData data) =>
        SafeEnumerate(() => new DirectoryInfo(directory).EnumerateDirectories())
            .Where(d => !data.SkipFolders.Contains(d.Name) && (d.Attributes & FileAttributes.ReparsePoint) == 0)
            .Select(d => d.FullName);

    /// <summary>An unreadable folder is skipped rather than failing the whole walk.</summary>
    private static IEnumerable<T> SafeEnumerate<T>(Func<IEnumerable<T>> enumerate)
    {
        try
        {
            return enumerate().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return [];
        }
    }

    internal static StringComparer PathComparer { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparer.OrdinalIgnoreCase
        : StringComparer.Ordinal;
}
