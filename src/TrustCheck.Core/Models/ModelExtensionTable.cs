using System.Text.Json;

namespace TrustCheck.Core.Models;

/// <summary>Extension / file name → expected formats, from the embedded Data/model-extensions.json.</summary>
public static class ModelExtensionTable
{
    private static readonly Lazy<(Dictionary<string, string[]> Extensions, Dictionary<string, string[]> FileNames)> Table = new(Load);

    /// <summary>The formats a file named <paramref name="path"/> is expected to hold, or empty when the name says nothing.</summary>
    public static IReadOnlyList<string> ExpectedFormats(string path)
    {
        var name = Path.GetFileName(path);
        if (Table.Value.FileNames.TryGetValue(name, out var byName))
        {
            return byName;
        }

        var extension = Path.GetExtension(name);
        return extension.Length > 0 && Table.Value.Extensions.TryGetValue(extension, out var byExtension) ? byExtension : [];
    }

    /// <summary>True when the extension is one a model file usually has (for discovery of model files in folders).</summary>
    public static bool IsModelExtension(string path) =>
        Table.Value.Extensions.ContainsKey(Path.GetExtension(path));

    private static (Dictionary<string, string[]>, Dictionary<string, string[]>) Load()
    {
        using var stream = typeof(ModelExtensionTable).Assembly.GetManifestResourceStream("TrustCheck.Data.model-extensions.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.model-extensions.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return (ReadMap(document.RootElement.GetProperty("extensions")), ReadMap(document.RootElement.GetProperty("fileNames")));
    }

    private static Dictionary<string, string[]> ReadMap(JsonElement element) =>
        element.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(),
            StringComparer.OrdinalIgnoreCase);
}
