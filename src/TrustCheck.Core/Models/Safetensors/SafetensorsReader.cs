using System.Text.Json;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Safetensors;

/// <summary>
/// Reads a safetensors header (never the tensor data): the 8-byte length, the JSON header, <c>__metadata__</c>, and each
/// tensor's dtype/shape/data_offsets, checking that the tensors tile the data section exactly (no gaps, overlaps or
/// out-of-range offsets). Inconsistencies are TC3013; code-like metadata is TC3012 at warning (safetensors cannot run code).
/// </summary>
public sealed class SafetensorsReader : IModelReader
{
    /// <summary>The reference implementation's limit on the header size (safetensors crate MAX_HEADER_SIZE, 100 MB decimal).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";
    private const int MaxTensors = 1_000_000;

    /// <summary>dtype → size in bits (sub-byte float formats included).</summary>
    private static readonly Dictionary<string, int> DtypeBits = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["U8"] = 8, ["I8"] = 8, ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8,
        ["I16"] = 16, ["U16"] = 16, ["F16"] = 16, ["BF16"] = 16,
        ["I32"] = 32, ["U32"] = 32, ["F32"] = 32, ["C64"] = 64,
        ["I64"] = 64, ["U64"] = 64, ["F64"] = 64,
        ["F4"] = 4, ["F6_E2M3"] = 6, ["F6_E3M2"] = 6,
    };

    public string Format => ModelFormats.Safetensors;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            Read(stream, path, inspection);
        }
        catch (MalformedModelException ex)
        {
            Malformed(inspection, path, ex.Message);
        }
        catch (JsonException ex)
        {
            Malformed(inspection, path, "the header is not valid JSON: " + ex.Message);
        }
        catch (IOException ex)
        {
            Malformed(inspection, path, "the file could not be read: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports invalid escapes (lone surrogates) only when a string is read
            Malformed(inspection, path, "the header holds an invalid string: " + ex.Message);
        }

        return inspection;
    }

    private static void Read(Stream stream, string path, ModelInspection inspection)
    {
        var prefix = StreamBytes.ReadAt(stream, 0, 8);
        if (prefix.Length < 8)
        {
            throw new MalformedModelException($"the file is {stream.Length} bytes, shorter than the 8-byte header length" + Crate("HeaderTooSmall"));
        }

        var headerLength = StreamBytes.U64(prefix, 0);
        if (headerLength > MaxHeaderLength)
        {
            throw new MalformedModelException($"the header length {headerLength} exceeds the {MaxHeaderLength}-byte limit" + Crate("HeaderTooLarge"));
        }

        if (headerLength > (ulong)(stream.Length - 8))
        {
            throw new MalformedModelException($"the header length {headerLength} runs past the end of the {stream.Length}-byte file" + Crate("InvalidHeaderLength"));
        }

        var header = StreamBytes.ReadAt(stream, 8, (int)headerLength);
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new MalformedModelException("the header is not valid UTF-8" + Crate("InvalidHeader"));
        }

        using var document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedModelException("the header is not a JSON object" + Crate("InvalidHeaderDeserialization"));
        }

        var dataLength = stream.Length - 8 - (long)headerLength;
        var tensors = new List<(string Name, ulong Begin, ulong End)>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, path, inspection);
            }
            else if (tensors.Count < MaxTensors)
            {
                tensors.Add(ReadTensor(property.Name, property.Value));
            }
            else
            {
                throw new MalformedModelException($"more than {MaxTensors} tensors");
            }
        }

        CheckCoverage(tensors, (ulong)dataLength);
    }

    private static void ReadMetadata(JsonElement metadata, string path, ModelInspection inspection)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedModelException("__metadata__ is not a JSON object of strings" + Crate("InvalidHeaderDeserialization"));
        }

        foreach (var entry in metadata.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new MalformedModelException($"__metadata__ value '{entry.Name}' is a {entry.Value.ValueKind}, not a string" + Crate("InvalidHeaderDeserialization"));
            }

            var value = entry.Value.GetString()!;
            inspection.Metadata[entry.Name] = value;
            if (entry.Name.Equals("license", StringComparison.OrdinalIgnoreCase) && inspection.License is null)
            {
                inspection.License = value;
                inspection.LicenseSource = "safetensors:__metadata__." + entry.Name;
            }

            if (CodeLikeText.Find(value) is { } what)
            {
                inspection.AddIssue(
                    RuleIds.ModelEmbedsCode,
                    RuleSeverity.Warning,
                    $"{path}: safetensors __metadata__ '{entry.Name}' holds {what}. Safetensors cannot execute it, but tools that display or act on metadata might; remove the entry or get the model from its publisher.",
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["key"] = entry.Name, ["content"] = what });
            }
        }
    }

    private static (string, ulong, ulong) ReadTensor(string name, JsonElement tensor)
    {
        if (tensor.ValueKind != JsonValueKind.Object
            || !tensor.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !tensor.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new MalformedModelException($"tensor '{name}' lacks a string dtype, a shape array or a two-element data_offsets" + Crate("InvalidHeaderDeserialization"));
        }

        var dtype = dtypeElement.GetString()!;
        if (!DtypeBits.TryGetValue(dtype, out var bits))
        {
            throw new MalformedModelException($"tensor '{name}' has unknown dtype '{dtype}'" + Crate("InvalidHeaderDeserialization"));
        }

        if (!offsets[0].TryGetUInt64(out var begin) || !offsets[1].TryGetUInt64(out var end) || begin > end)
        {
            throw new MalformedModelException($"tensor '{name}' has invalid data_offsets {offsets.GetRawText()}" + Crate("InvalidOffset"));
        }

        var expectedBytes = ExpectedByteCount(name, shape, bits);
        if (end - begin != expectedBytes)
        {
            throw new MalformedModelException($"tensor '{name}' ({dtype}{shape.GetRawText()}) needs {expectedBytes} bytes but data_offsets span {end - begin}" + Crate("TensorInvalidInfo"));
        }

        return (name, begin, end);
    }

    private static ulong ExpectedByteCount(string name, JsonElement shape, int bits)
    {
        UInt128 elements = 1;
        foreach (var dimension in shape.EnumerateArray())
        {
            if (!dimension.TryGetUInt64(out var size))
            {
                throw new MalformedModelException($"tensor '{name}' has a shape entry that is not a non-negative integer: {dimension.GetRawText()}" + Crate("InvalidHeaderDeserialization"));
            }

            elements *= size;
            if (elements > ulong.MaxValue)
            {
                throw new MalformedModelException($"tensor '{name}' has a shape whose element count overflows 64 bits" + Crate("ValidationOverflow"));
            }
        }

        var totalBits = elements * (UInt128)bits;
        if (totalBits % 8 != 0 || totalBits / 8 > ulong.MaxValue)
        {
            throw new MalformedModelException($"tensor '{name}' has a shape that does not fill whole bytes or is too large" + Crate("MisalignedSlice"));
        }

        return (ulong)(totalBits / 8);
    }

    private static void CheckCoverage(List<(string Name, ulong Begin, ulong End)> tensors, ulong dataLength)
    {
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong position = 0;
        foreach (var (name, begin, end) in tensors)
        {
            if (begin < position)
            {
                throw new MalformedModelException($"tensor '{name}' data [{begin}, {end}) overlaps the previous tensor (which ends at {position})" + Crate("InvalidOffset"));
            }

            if (begin > position)
            {
                throw new MalformedModelException($"the data section has a gap of {begin - position} bytes before tensor '{name}' at offset {begin}" + Crate("InvalidOffset"));
            }

            if (end > dataLength)
            {
                throw new MalformedModelException($"tensor '{name}' data [{begin}, {end}) runs past the {dataLength}-byte data section" + Crate("MetadataIncompleteBuffer"));
            }

            position = end;
        }

        if (position != dataLength)
        {
            throw new MalformedModelException($"the tensors cover {position} bytes but the data section holds {dataLength} (trailing bytes not described by the header)" + Crate("MetadataIncompleteBuffer"));
        }
    }

    /// <summary>The safetensors crate's error for the same check (safetensors/src/tensor.rs SafeTensorError).</summary>
    private static string Crate(string error) => $"; the safetensors library refuses it with {error}";

    private static void Malformed(ModelInspection inspection, string path, string what) =>
        inspection.AddIssue(
            RuleIds.ModelMalformed,
            $"{path}: malformed safetensors file: {what}. Loaders will reject or misread it; re-download or re-export the model.");
}
