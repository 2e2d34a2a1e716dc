using System.Text.Json;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Keras;

/// <summary>
/// Reads a Keras v3 <c>.keras</c> zip: config.json (bounded, inspected for Lambda layers and custom objects) and
/// metadata.json (keras_version, date_saved). The weights file (model.weights.h5) is never opened.
/// </summary>
public sealed class KerasReader : IModelReader
{
    public const int MaxConfigBytes = 16 * 1024 * 1024;

    public string Format => ModelFormats.Keras;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            var members = ZipCentralDirectory.List(stream);
            var config = members.FirstOrDefault(m => m.Name == "config.json");
            if (config is null)
            {
                throw new MalformedModelException("the archive has no config.json");
            }

            using (var document = Parse(ZipMemberReader.Read(stream, config, MaxConfigBytes), "config.json"))
            {
                KerasConfigInspector.Inspect(document.RootElement, path, "config.json", inspection);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("class_name", out var className) && className.ValueKind == JsonValueKind.String)
                {
                    inspection.Metadata["class_name"] = className.GetString()!;
                }
            }

            if (members.FirstOrDefault(m => m.Name == "metadata.json") is { } metadataMember)
            {
                using var metadata = Parse(ZipMemberReader.Read(stream, metadataMember, MaxConfigBytes), "metadata.json");
                if (metadata.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in metadata.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                    {
                        inspection.Metadata[property.Name] = property.Value.GetString()!;
                    }
                }
            }
        }
        catch (MalformedModelException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: malformed Keras archive: {ex.Message}. Keras will fail to load it; re-save the model.");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the Keras archive could not be read: {ex.Message}.");
        }

        return inspection;
    }

    private static JsonDocument Parse(byte[] bytes, string member)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new MalformedModelException($"{member} is not valid UTF-8");
        }

        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new MalformedModelException($"{member} is not valid JSON ({ex.Message})");
        }
    }
}
