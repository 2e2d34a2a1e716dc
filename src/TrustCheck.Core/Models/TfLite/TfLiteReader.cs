using System.Globalization;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.TfLite;

/// <summary>
/// Reads a TFLite flatbuffer's Model table (schema version, description, metadata entries) and, when a
/// <c>TFLITE_METADATA</c> buffer is present, the ModelMetadata flatbuffer's name/description/version/author/license.
/// Every offset is bounds-checked; tensor buffers are never read.
/// </summary>
public sealed class TfLiteReader : IModelReader
{
    private const int MaxStringBytes = 64 * 1024;
    private const uint MaxMetadataEntries = 4096;
    private const uint MaxBuffers = 10_000_000;

    // Model table fields (tensorflow/lite/schema/schema.fbs)
    private const int ModelVersion = 0;
    private const int ModelDescription = 3;
    private const int ModelBuffers = 4;
    private const int ModelMetadata = 6;

    // ModelMetadata table fields (tensorflow_lite_support/metadata/metadata_schema.fbs)
    private static readonly (int Field, string Key)[] MetadataStrings =
    [
        (0, "metadata.name"), (1, "metadata.description"), (2, "metadata.version"), (4, "metadata.author"), (5, "metadata.license"), (7, "metadata.min_parser_version"),
    ];

    public string Format => ModelFormats.TfLite;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            Read(new FlatBufferView(stream, 0, stream.Length), stream, inspection);
        }
        catch (MalformedModelException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: malformed TFLite file: {ex.Message}. The TFLite interpreter will reject it; re-convert or re-download the model.");
        }
        catch (IOException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the TFLite file could not be read: {ex.Message}.");
        }

        return inspection;
    }

    private static void Read(FlatBufferView model, Stream stream, ModelInspection inspection)
    {
        var root = model.Root();
        if (model.FieldU32(root, ModelVersion) is { } version)
        {
            inspection.Metadata["version"] = version.ToString(CultureInfo.InvariantCulture);
        }

        if (model.FieldString(root, ModelDescription, MaxStringBytes) is { } description)
        {
            inspection.Metadata["description"] = description;
        }

        if (model.FieldVector(root, ModelMetadata, 4, MaxMetadataEntries) is not { } entries)
        {
            return;
        }

        var buffers = model.FieldVector(root, ModelBuffers, 4, MaxBuffers);
        for (uint i = 0; i < entries.Count; i++)
        {
            var entry = model.TableAt(entries.First + (4 * i));
            var name = model.FieldString(entry, 0, MaxStringBytes) ?? "";
            var bufferIndex = model.FieldU32(entry, 1) ?? 0;
            if (buffers is not { } b || bufferIndex >= b.Count)
            {
                throw new MalformedModelException($"metadata '{name}' refers to buffer {bufferIndex}, which does not exist");
            }

            var (dataStart, dataLength) = BufferData(model, model.TableAt(b.First + (4 * bufferIndex)));
            if (name == "min_runtime_version")
            {
                var bytes = StreamBytes.ReadAt(stream, dataStart, (int)Math.Min(dataLength, 64));
                inspection.Metadata["min_runtime_version"] = System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0');
            }
            else if (name == "TFLITE_METADATA" && dataLength >= 8)
            {
                ReadModelMetadata(new FlatBufferView(stream, dataStart, dataLength), inspection);
            }
            else
            {
                inspection.Metadata["metadata." + name + ".bytes"] = dataLength.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>A Buffer table's bytes: the inline data vector, or offset/size (models over 2 GB keep buffers after the flatbuffer).</summary>
    private static (long Start, long Length) BufferData(FlatBufferView model, long buffer)
    {
        if (model.FieldVector(buffer, 0, 1, uint.MaxValue) is { } inline)
        {
            return (inline.First, inline.Count);
        }

        var offset = model.FieldU64(buffer, 1) ?? 0;
        var size = model.FieldU64(buffer, 2) ?? 0;
        if (offset > (ulong)model.Length || size > (ulong)model.Length - offset)
        {
            throw new MalformedModelException($"a buffer's offset {offset} and size {size} run past the end of the file");
        }

        return ((long)offset, (long)size);
    }

    private static void ReadModelMetadata(FlatBufferView metadata, ModelInspection inspection)
    {
        var root = metadata.Root();
        foreach (var (field, key) in MetadataStrings)
        {
            if (metadata.FieldString(root, field, MaxStringBytes) is { } value)
            {
                inspection.Metadata[key] = value;
            }
        }

        if (inspection.Metadata.TryGetValue("metadata.license", out var license) && license.Length > 0)
        {
            inspection.License = license;
            inspection.LicenseSource = "tflite:metadata.license";
        }
    }
}
