using System.Reflection;
using System.Text.Json;

namespace TrustCheck.Core.Models;

/// <summary>The model stage's data files (Data/models/*.json), loaded once from the embedded resources.</summary>
internal sealed class ModelDiscoveryData
{
    private static readonly Lazy<ModelDiscoveryData> Instance = new(Load);

    public static ModelDiscoveryData Current => Instance.Value;

    public required HashSet<string> SkipFolders { get; init; }
    public required HashSet<string> FolderMarkers { get; init; }
    public required HashSet<string> SignatureMarkers { get; init; }
    public required HashSet<string> WeightFormats { get; init; }
    public required HashSet<string> PickleFormats { get; init; }
    public required IReadOnlyList<string> CodeFiles { get; init; }
    public required HashSet<string> DataCardFiles { get; init; }

    /// <summary>Candidate model files by name; the list is the formats data (Data/model-extensions.json).</summary>
    public bool HasModelExtension(string path) => ModelExtensionTable.IsModelExtension(path);

    private static ModelDiscoveryData Load()
    {
        using var document = JsonDocument.Parse(DataResource.Read("models/model-discovery.json"));
        var root = document.RootElement;
        return new ModelDiscoveryData
        {
            SkipFolders = Set(root, "skipFolders"),
            FolderMarkers = Set(root, "folderMarkers"),
            SignatureMarkers = Set(root, "signatureMarkers"),
            WeightFormats = Set(root, "weightFormats", StringComparer.Ordinal),
            PickleFormats = Set(root, "pickleFormats", StringComparer.Ordinal),
            CodeFiles = root.GetProperty("codeFiles").EnumerateArray().Select(e => e.GetString()!).ToList(),
            DataCardFiles = Set(root, "dataCardFiles"),
        };
    }

    private static HashSet<string> Set(JsonElement root, string name, StringComparer? comparer = null) =>
        new(root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!), comparer ?? StringComparer.OrdinalIgnoreCase);
}

/// <summary>Openness grading data (Data/models/openness.json).</summary>
internal sealed class OpennessData
{
    private static readonly Lazy<OpennessData> Instance = new(Load);

    public static OpennessData Current => Instance.Value;

    /// <summary>Restrictions that make weights "restricted" rather than "open-weights".</summary>
    public required HashSet<string> RestrictedKinds { get; init; }

    private static OpennessData Load()
    {
        using var document = JsonDocument.Parse(DataResource.Read("models/openness.json"));
        var root = document.RootElement;
        return new OpennessData
        {
            RestrictedKinds = new(root.GetProperty("restricted").EnumerateArray().Select(e => e.GetString()!), StringComparer.OrdinalIgnoreCase),
        };
    }
}

/// <summary>Embedded data files: Data/&lt;relative path&gt; ships as resource TrustCheck.Data.&lt;relative path&gt;.</summary>
internal static class DataResource
{
    private static readonly Assembly Assembly = typeof(DataResource).Assembly;

    public static string Read(string relativePath) =>
        TryRead(relativePath) ?? throw new InvalidOperationException($"Embedded data file Data/{relativePath} is missing.");

    public static string? TryRead(string relativePath)
    {
        var name = "TrustCheck.Data." + relativePath.Replace('\\', '/');
        using var stream = Assembly.GetManifestResourceStream(name) ?? Assembly.GetManifestResourceStream(name.Replace('/', '\\'));
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
