using System.Text.Json;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Models.Gguf;

/// <summary>One tensor info as the header declares it (the data is never read).</summary>
internal sealed record GgufTensorInfo(string Name, long[] Dimensions, uint Type, ulong Offset);

/// <summary>A ggml tensor type: elements per block and bytes per block (Data/ggml-types.json).</summary>
internal sealed record GgmlType(string Name, long BlockSize, long BlockBytes)
{
    private static readonly Lazy<(int Count, Dictionary<uint, GgmlType> Types)> Table = new(Load);

    /// <summary>GGML_TYPE_COUNT: type ids at or above it are invalid.</summary>
    public static int Count => Table.Value.Count;

    public static GgmlType? Find(uint id) => Table.Value.Types.GetValueOrDefault(id);

    private static (int, Dictionary<uint, GgmlType>) Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("ggml-types.json"));
        var root = document.RootElement;
        var types = root.GetProperty("types").EnumerateArray().ToDictionary(
            t => t.GetProperty("id").GetUInt32(),
            t => new GgmlType(t.GetProperty("name").GetString()!, t.GetProperty("block").GetInt64(), t.GetProperty("bytes").GetInt64()));
        return (root.GetProperty("count").GetInt32(), types);
    }
}

/// <summary>
/// The checks llama.cpp's GGUF loader makes (ggml/src/gguf.cpp gguf_init_from_reader, and llama_model_loader's
/// "data is not within the file bounds"), each with the loader's reason: a file they refuse is TC3013, one they accept
/// (no tensors, no metadata, zero-sized dimensions) is not.
/// </summary>
internal static class GgufStructure
{
    /// <summary>GGML_MAX_NAME: tensor names must be shorter.</summary>
    public const int MaxNameLength = 64;

    /// <summary>GGML_MAX_DIMS.</summary>
    public const int MaxDimensions = 4;

    public const uint DefaultAlignment = 32;

    /// <summary>Reasons llama.cpp would refuse the tensor infos and data layout; empty when it would load them.</summary>
    public static IEnumerable<string> Check(IReadOnlyList<GgufTensorInfo> tensors, ulong alignment, long headerEnd, long fileLength)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sizes = new List<ulong>();
        foreach (var tensor in tensors)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(tensor.Name) >= MaxNameLength)
            {
                yield return $"tensor name '{Short(tensor.Name)}' is too long: {System.Text.Encoding.UTF8.GetByteCount(tensor.Name)} >= {MaxNameLength}";
                yield break;
            }

            if (!names.Add(tensor.Name))
            {
                yield return $"duplicate tensor name '{tensor.Name}'";
                yield break;
            }

            if (tensor.Dimensions.FirstOrDefault(d => d < 0) is var negative && negative < 0)
            {
                yield return $"tensor '{tensor.Name}' has invalid number of elements: {negative} < 0";
                yield break;
            }

            var type = GgmlType.Find(tensor.Type);
            if (tensor.Type >= GgmlType.Count)
            {
                yield return $"tensor '{tensor.Name}' has invalid ggml type {tensor.Type}. should be in [0, {GgmlType.Count})";
                yield break;
            }

            var rowLength = tensor.Dimensions.Length > 0 ? tensor.Dimensions[0] : 1;
            if (type is null || rowLength % type.BlockSize != 0)
            {
                yield return $"tensor '{tensor.Name}' of type {tensor.Type} ({type?.Name ?? "removed"}) has {rowLength} elements per row, not a multiple of block size ({type?.BlockSize ?? 0})";
                yield break;
            }

            if (Bytes(tensor, type) is not { } bytes)
            {
                yield return $"total number of elements in tensor '{tensor.Name}' with shape ({string.Join(", ", tensor.Dimensions)}) is >= {long.MaxValue}";
                yield break;
            }

            sizes.Add(bytes);
        }

        if (tensors.Count == 0)
        {
            yield break;
        }

        // Tensor data follows the header, padded to the alignment; each tensor starts where the previous padded one ended.
        var dataStart = Pad((ulong)headerEnd, alignment);
        if (dataStart > (ulong)fileLength)
        {
            yield return "failed to seek to beginning of data section";
            yield break;
        }

        ulong expected = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            if (tensors[i].Offset != expected)
            {
                yield return $"tensor '{tensors[i].Name}' has offset {tensors[i].Offset}, expected {expected}";
                yield break;
            }

            if (dataStart + tensors[i].Offset + sizes[i] > (ulong)fileLength)
            {
                yield return $"tensor '{tensors[i].Name}' data is not within the file bounds, model is corrupted or incomplete ({dataStart + tensors[i].Offset + sizes[i]} > {fileLength})";
                yield break;
            }

            expected += Pad(sizes[i], alignment);
        }
    }

    /// <summary>ggml_nbytes for a contiguous tensor: rows of ne[0]/block blocks, times the other dimensions; null on overflow.</summary>
    private static ulong? Bytes(GgufTensorInfo tensor, GgmlType type)
    {
        try
        {
            var elements = tensor.Dimensions.Aggregate(1L, (a, d) => checked(a * d));
            return elements == 0 ? 0 : checked((ulong)(elements / type.BlockSize) * (ulong)type.BlockBytes);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static ulong Pad(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    private static string Short(string name) => name.Length > 80 ? name[..80] + "…" : name;
}
