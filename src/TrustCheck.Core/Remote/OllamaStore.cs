using TrustCheck.Core.FileSystem;
using System.Text.Json;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Remote;

/// <summary>
/// Reads the Ollama model store: <c>manifests/HOST/NAMESPACE/NAME/TAG</c> (an OCI image manifest v2 with Ollama media types)
/// and <c>blobs/sha256-&lt;hex&gt;</c>. Nothing is executed and nothing outside the store is opened: every path is built from
/// validated reference parts or a validated digest.
/// </summary>
internal static class OllamaStore
{
    /// <summary>Real manifests are under 2 KB; anything this large is not one.</summary>
    private const int MaxManifestBytes = 1 << 20;

    // Read with JsonDocument, not the reflection-based serializer: its first use costs a scan ~20 ms of JIT.
    private static readonly Lazy<Dictionary<string, string>> Roles = new(() =>
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("stores/ollama-media-types.json"));
        return document.RootElement.EnumerateObject()
            .Where(e => !e.Name.StartsWith("//", StringComparison.Ordinal) && e.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(e => e.Name, e => e.Value.GetString()!, StringComparer.Ordinal);
    });

    public static string ManifestPath(string store, ModelReference reference) =>
        Path.Combine(store, "manifests", reference.Host, reference.Namespace, reference.Name, reference.Version);

    /// <summary>Every manifest in the store as a reference (bare <c>ollama:</c>), sorted; entries that are no valid name are skipped.</summary>
    public static IReadOnlyList<ModelReference> List(string store)
    {
        var root = Path.Combine(store, "manifests");
        var result = new List<ModelReference>();
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (var host in SafeDirectories(root))
        foreach (var ns in SafeDirectories(host))
        foreach (var name in SafeDirectories(ns))
        foreach (var tag in SafeFiles(name))
        {
            var text = $"{ModelReference.OllamaPrefix}{Path.GetFileName(host)}/{Path.GetFileName(ns)}/{Path.GetFileName(name)}:{Path.GetFileName(tag)}";
            if (ModelReference.TryParse(text, out var reference, out _))
            {
                result.Add(reference!);
            }
        }

        return result.OrderBy(r => r.Canonical, StringComparer.Ordinal).ToList();
    }

    public static StoreLookup Resolve(string store, ModelReference reference, HashCache hashes)
    {
        var manifestPath = ManifestPath(store, reference);
        byte[] bytes;
        string revision;
        try
        {
            var info = new FileInfo(manifestPath);
            if (!info.Exists)
            {
                return StoreLookup.NotInStore($"no manifest {manifestPath}");
            }

            if ((info.Attributes & FileAttributes.ReparsePoint) != 0 || info.Length > MaxManifestBytes)
            {
                return StoreLookup.Corrupt($"the manifest {manifestPath} is {(info.Length > MaxManifestBytes ? $"{info.Length} bytes, not a manifest" : "a link, not a file the store wrote")}.", manifestPath);
            }

            bytes = RegularFile.ReadAllBytes(manifestPath, MaxManifestBytes);
            // The digest through the hash cache: an unchanged manifest is not hashed again (a warm scan needs no crypto at all).
            revision = hashes.GetSha256(RegularFile.Inspect(manifestPath), bytesHashed: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StoreLookup.Corrupt($"the manifest {manifestPath} could not be read ({ex.Message.Split('\n')[0].Trim()}).", manifestPath);
        }

        var model = new StoreModel
        {
            Reference = reference,
            Path = manifestPath,
            Revision = "sha256:" + revision,
        };

        if (ParseLayers(bytes, out var error) is not { } layers)
        {
            return StoreLookup.Corrupt($"the manifest {manifestPath} is not a valid Ollama manifest: {error}.", manifestPath);
        }

        foreach (var layer in layers)
        {
            AddLayer(store, model, layer, hashes);
        }

        if (model.Files.Count == 0 && model.Problems.Count == 0)
        {
            model.Problems.Add(new StoreProblem($"the manifest {manifestPath} lists no model layer (application/vnd.ollama.image.model).", manifestPath));
        }

        return StoreLookup.Found(model);
    }

    private static void AddLayer(string store, StoreModel model, Layer layer, HashCache hashes)
    {
        var blob = Path.Combine(store, "blobs", "sha256-" + layer.Sha256);
        var info = new FileInfo(blob);
        var what = $"layer {layer.MediaType} (sha256:{layer.Sha256})";
        if (!info.Exists)
        {
            model.Problems.Add(new StoreProblem($"{what} is listed in the manifest but its blob {blob} is missing from the store.", model.Path));
            return;
        }

        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            model.Problems.Add(new StoreProblem($"{what}: the blob {blob} is a link, not a file the store wrote; it was not followed.", blob));
            return;
        }

        if (layer.Size is { } size && size != info.Length)
        {
            model.Problems.Add(new StoreProblem($"{what}: the blob {blob} has {info.Length} bytes but the manifest says {size}.", blob));
            return;
        }

        var role = Roles.Value.GetValueOrDefault(layer.MediaType, "ignored");
        model.FileNames[blob] = $"{role}:sha256:{layer.Sha256}";
        if (role == "model")
        {
            // Hashed once by the model stage while it reads the file; compared with the digest afterwards.
            model.Files.Add(blob);
            model.ExpectedSha256[blob] = layer.Sha256;
            return;
        }

        string actual;
        try
        {
            actual = hashes.GetSha256(info);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            model.Problems.Add(new StoreProblem($"{what}: the blob {blob} could not be read ({ex.Message.Split('\n')[0].Trim()}).", blob));
            return;
        }

        if (!string.Equals(actual, layer.Sha256, StringComparison.Ordinal))
        {
            model.Problems.Add(new StoreProblem($"{what}: the blob {blob} has SHA-256 {actual}, not its digest: it was changed or corrupted.", blob));
            return;
        }

        if (role == "license")
        {
            model.LicenseFiles.Add(blob);
        }
    }

    private sealed record Layer(string MediaType, string Sha256, long? Size);

    /// <summary>The config and layers of an image manifest (schemaVersion 2); null with a reason when it is not one.</summary>
    private static List<Layer>? ParseLayers(byte[] bytes, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2)
            {
                error = "it has no \"schemaVersion\": 2";
                return null;
            }

            if (!root.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array)
            {
                error = "it has no \"layers\" array";
                return null;
            }

            var descriptors = layersElement.EnumerateArray().ToList();
            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object)
            {
                descriptors.Insert(0, config);
            }

            var layers = new List<Layer>();
            foreach (var descriptor in descriptors)
            {
                if (ReadLayer(descriptor, out error) is not { } layer)
                {
                    return null;
                }

                layers.Add(layer);
            }

            return layers;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            error = ex.Message.Split('\n')[0].Trim();
            return null;
        }
    }

    private static Layer? ReadLayer(JsonElement descriptor, out string? error)
    {
        error = null;
        var mediaType = descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        var digest = descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        // The digest becomes a file name: exactly "sha256:" and 64 lower-case hex digits, nothing else.
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71 || !digest[7..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            error = $"a layer digest '{Shorten(digest)}' is not sha256:<64 hex digits>";
            return null;
        }

        long? size = descriptor.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0 ? n : null;
        return new Layer(mediaType, digest[7..], size);
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static IEnumerable<string> SafeDirectories(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateDirectories()
                .Where(d => (d.Attributes & FileAttributes.ReparsePoint) == 0).Select(d => d.FullName).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> SafeFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
