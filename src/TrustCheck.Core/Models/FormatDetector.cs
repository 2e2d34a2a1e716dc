namespace TrustCheck.Core.Models;

/// <summary>The format a file's content shows, and the bytes that showed it.</summary>
public sealed record DetectedFormat(string Format, string Evidence);

/// <summary>
/// PLACEHOLDER until the formats work lands (its FormatDetector replaces this file): magic-number sniffing only,
/// just enough for the model stage to run end to end.
/// </summary>
public static class FormatDetector
{
    public static DetectedFormat Detect(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[16];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (head.StartsWith("GGUF"u8)) return new("gguf", "GGUF magic");
        if (head.Length >= 6 && head[0] == 0x93 && head[1..6].SequenceEqual("NUMPY"u8)) return new("numpy", "\\x93NUMPY magic");
        if (head.Length >= 8 && head[0] == 0x89 && head[1..4].SequenceEqual("HDF"u8)) return new("hdf5", "HDF5 signature");
        if (head.Length >= 8 && head[4..8].SequenceEqual("TFL3"u8)) return new("tflite", "TFL3 identifier");
        if (head.StartsWith("PK\u0003\u0004"u8)) return new("pytorch", "zip local header");
        if (head.Length >= 2 && head[0] == 0x80 && head[1] <= 5) return new("pickle", $"PROTO {head[1]}");
        if (head.Length >= 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head) < 100_000_000) return new("safetensors", "header length + '{'");
        if (Path.GetFileName(path).Equals("README.md", StringComparison.OrdinalIgnoreCase) && head.StartsWith("---"u8)) return new("model-card", "YAML front matter");
        if (head.Length > 1 && head[0] == 0x08 && path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return new("onnx", "protobuf field 1 (ir_version)");
        return new("unknown", "no known signature");
    }

    /// <summary>A TC3014 issue when the extension promises another format than the content shows; null when consistent.</summary>
    public static ModelIssue? CheckExtension(string path, DetectedFormat detected) => null;
}
