using System.Text.Json;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Keras;

namespace TrustCheck.Core.Models.Hdf5;

/// <summary>
/// Legacy Keras HDF5 (.h5) models. Full HDF5 parsing (B-trees, heaps, chunked/compressed attributes) is out of scope:
/// the reader scans the first <see cref="MaxScanBytes"/> of the file for the JSON text of the <c>model_config</c>
/// attribute (<c>{"class_name"</c>), which h5py stores contiguously, and inspects it like a Keras v3 config (Lambda
/// layers: TC3012). An HDF5 file without such JSON (plain data, weights only) gets no finding.
/// </summary>
public sealed class Hdf5Reader : IModelReader
{
    public const int MaxScanBytes = 16 * 1024 * 1024;
    public const int MaxConfigBytes = 16 * 1024 * 1024;
    private const int MaxCandidates = 64;
    private static readonly byte[] ConfigStart = "{\"class_name\""u8.ToArray();
    private static readonly byte[] KerasVersion = "keras_version"u8.ToArray();

    public string Format => ModelFormats.Hdf5;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            Hdf5Superblock.Check(stream, path, inspection);
            var scanned = StreamBytes.ReadAt(stream, 0, MaxScanBytes);
            var candidates = 0;
            for (var at = scanned.AsSpan().IndexOf(ConfigStart); at >= 0 && candidates++ < MaxCandidates;)
            {
                if (ExtractJsonObject(scanned, at) is { } json && TryParse(json) is { } document)
                {
                    using (document)
                    {
                        inspection.Metadata["keras.model_config.class_name"] = document.RootElement.GetProperty("class_name").GetString() ?? "";
                        KerasConfigInspector.Inspect(document.RootElement, path, "the HDF5 model_config attribute", inspection);
                    }

                    break;
                }

                var next = scanned.AsSpan(at + 1).IndexOf(ConfigStart);
                at = next < 0 ? -1 : at + 1 + next;
            }

            if (scanned.AsSpan().IndexOf(KerasVersion) >= 0)
            {
                inspection.Metadata["keras.saved_by_keras"] = "true";
            }
        }
        catch (InvalidOperationException ex)
        {
            // an invalid string escape inside the config JSON (System.Text.Json reports it only when the string is read)
            inspection.AddIssue(TrustCheck.Rules.RuleIds.ModelMalformed, $"{path}: the Keras model_config JSON holds an invalid string: {ex.Message}.");
        }
        catch (IOException ex)
        {
            inspection.AddIssue(TrustCheck.Rules.RuleIds.ModelMalformed, $"{path}: the HDF5 file could not be read: {ex.Message}.");
        }

        return inspection;
    }

    /// <summary>The bytes of the JSON object starting at <paramref name="start"/>, by brace matching outside strings.</summary>
    private static byte[]? ExtractJsonObject(byte[] data, int start)
    {
        var depth = 0;
        var inString = false;
        var end = Math.Min(data.Length, start + MaxConfigBytes);
        for (var i = start; i < end; i++)
        {
            var b = data[i];
            if (inString)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b == '{')
            {
                depth++;
            }
            else if (b == '}' && --depth == 0)
            {
                return data[start..(i + 1)];
            }
            else if (b == 0)
            {
                return null; // the attribute ended (or the text is not contiguous)
            }
        }

        return null;
    }

    private static JsonDocument? TryParse(byte[] json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("class_name", out var c) && c.ValueKind == JsonValueKind.String)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
