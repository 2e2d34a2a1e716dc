using System.IO.Enumeration;
using TrustCheck.Core.Models;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Declarations;

/// <summary>
/// The project item that declares a model: a &lt;TrustCheckModel&gt; item first, else a None/Content/EmbeddedResource item
/// whose Include names the model file, a file of a model folder, or a wildcard that matches one (dir/**, dir/*.onnx).
/// Items from imported files and computed includes ($(…), @(…)) are not evaluated: without MSBuild they have no line to show.
/// </summary>
internal sealed class ModelLocations
{
    private static readonly string[] ItemNamesByPriority = ["TrustCheckModel", "None", "Content", "EmbeddedResource"];

    private static readonly HashSet<string> ItemNames = new(ItemNamesByPriority, StringComparer.Ordinal);

    private readonly CheckContext _context;
    private readonly string _projectDirectory;
    private readonly List<ItemSpec> _items;

    public ModelLocations(CheckContext context, string projectFile)
    {
        _context = context;
        _projectDirectory = Path.GetDirectoryName(projectFile)!;
        _items = MsBuildXml.Items(projectFile, ItemNames)
            .OrderBy(e => Array.IndexOf(ItemNamesByPriority, e.Name))
            .ThenBy(e => e.Line)
            .SelectMany(e => e.ItemSpecs("Include").Where(spec => !spec.Contains("$(") && !spec.Contains("@(")).Select(spec => new ItemSpec(e, spec)))
            .ToList();
    }

    /// <summary>The declaring item of <paramref name="model"/> as a location, or null when no item names it.</summary>
    public FindingLocation? For(ModelReport model)
    {
        if (_items.Count == 0)
        {
            return null;
        }

        var modelPath = Path.GetFullPath(model.Path, _context.WorkingDirectory);
        var files = model.Files is { Count: > 0 } relative
            ? relative.Select(f => Path.GetFullPath(Path.Combine(modelPath, f)))
            : [modelPath];
        var candidates = files.Prepend(modelPath).ToList();
        foreach (var (element, spec) in _items)
        {
            if (candidates.Exists(file => Matches(spec, file)))
            {
                return new FindingLocation(_context.DisplayPath(element.File), element.Line, element.Column)
                {
                    Note = $"{model.Path} is declared by this {element.Name} item.",
                };
            }
        }

        return null;
    }

    /// <summary>One Include part of an item (a class, not a tuple: no value-type generic code to JIT at start-up).</summary>
    private sealed record ItemSpec(DeclaredElement Element, string Spec);

    private bool Matches(string spec, string file)
    {
        var normalized = spec.Replace('\\', '/');
        var wildcard = normalized.IndexOfAny(['*', '?']);
        if (wildcard < 0)
        {
            return ModelDiscovery.PathComparer.Equals(Path.GetFullPath(Path.Combine(_projectDirectory, normalized)), file);
        }

        // dir/**/*.onnx, dir/*.gguf, **/*.onnx: the fixed folder prefix must contain the file, the last segment must match its name.
        var baseDirectory = Path.GetFullPath(Path.Combine(_projectDirectory, normalized[..(normalized.LastIndexOf('/', wildcard) + 1)]));
        var lastSegment = normalized[(normalized.LastIndexOf('/') + 1)..];
        var recursive = normalized.Contains("**", StringComparison.Ordinal);
        var directory = Path.GetDirectoryName(file)!;
        var inFolder = recursive
            ? (directory + Path.DirectorySeparatorChar).StartsWith(baseDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            : ModelDiscovery.PathComparer.Equals(directory.TrimEnd(Path.DirectorySeparatorChar), baseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return inFolder && (lastSegment == "**" || FileSystemName.MatchesSimpleExpression(lastSegment, Path.GetFileName(file), ignoreCase: !OperatingSystem.IsLinux()));
    }
}
