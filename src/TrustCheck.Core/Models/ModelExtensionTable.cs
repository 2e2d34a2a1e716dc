using System.Text.Json;

namespace TrustCheck.Core.Models;

/// <summary>Extension / file name → expected formats, from the embedded Data/model-extensions.json.</summary>
public static class ModelExtensionTable
{
    private static readonly Lazy<Tables> Table = new(Load);

    /// <summary>The formats a file named <paramref name="path"/> is expected to hold, or empty when the name says nothing.</summary>
    public static IReadOnlyList<string> ExpectedFormats(string path)
    {
        var name = Path.GetFileName(path);
        if (Table.Value.FileNames.TryGetValue(name, out var byName))
        {
            return byName;
        }

        var extension = Path.GetExtension(name);
        if (extension.Length > 0 && Table.Value.Extensions.TryGetValue(extension, out var byExtension))
        {
            return byExtension;
        }

        return CompressedInnerExtension(name) is { } inner ? Table.Value.Extensions[inner] : [];
    }

    /// <summary>True when the extension is one a model file usually has (for discovery of model files in folders).</summary>
    public static bool IsModelExtension(string path) =>
        Table.Value.Extensions.ContainsKey(Path.GetExtension(path)) || CompressedInnerExtension(Path.GetFileName(path)) is not null;

    /// <summary>The name without its compression suffix when it has one (model.pkl.gz → model.pkl); else null.</summary>
    public static string? WithoutCompressionSuffix(string name)
    {
        var suffix = Path.GetExtension(name);
        return suffix.Length > 0 && Table.Value.CompressionSuffixes.Contains(suffix) ? name[..^suffix.Length] : null;
    }

    /// <summary>For model.pkl.gz: ".pkl" — a compressible model extension followed by a compression suffix; else null.</summary>
    private static string? CompressedInnerExtension(string name)
    {
        var inner = WithoutCompressionSuffix(name) is { } stripped ? Path.GetExtension(stripped) : null;
        return inner is { Length: > 0 } && Table.Value.CompressibleExtensions.Contains(inner) ? inner : null;
    }

    private static Tables Load()
    {
        using var stream = typeof(ModelExtensionTable).Assembly.GetManifestResourceStream("TrustCheck.Data.model-extensions.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.model-extensions.json is missing.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var compressed = root.GetProperty("compressed");
        var tables = new Tables(
            ReadMap(root.GetProperty("extensions")),
            ReadMap(root.GetProperty("fileNames")),
            ReadSet(compressed.GetProperty("extensions")),
            ReadSet(compressed.GetProperty("suffixes")));
        var unknown = tables.CompressibleExtensions.Where(e => !tables.Extensions.ContainsKey(e)).ToList();
        return unknown.Count == 0
            ? tables
            : throw new InvalidOperationException("model-extensions.json: compressed extensions not listed under 'extensions': " + string.Join(", ", unknown));
    }

    private static Dictionary<string, string[]> ReadMap(JsonElement element) =>
        element.EnumerateObject().Where(p => p.Name != "//").ToDictionary(
            p => p.Name,
            p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(),
            StringComparer.OrdinalIgnoreCase);

    private static HashSet<string> ReadSet(JsonElement element) =>
        new(element.EnumerateArray().Select(v => v.GetString()!), StringComparer.OrdinalIgnoreCase);

    private sealed record Tables(
        Dictionary<string, string[]> Extensions,
        Dictionary<string, string[]> FileNames,
        HashSet<string> CompressibleExtensions,
        HashSet<string> CompressionSuffixes);
}
