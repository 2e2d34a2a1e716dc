namespace TrustCheck.Core.Models;

/// <summary>
/// The format a file's content shows (a contract format name) and the evidence for it, e.g.
/// ("gguf", "GGUF magic, version 3"). <see cref="Container"/> names an archive the file is ("zip", "7z") when the
/// archive itself is not a model format, so the caller can hand it to an archive scanner or report it as uninspectable.
/// </summary>
public sealed record DetectedFormat(string Format, string Evidence)
{
    public string? Container { get; init; }

    /// <summary>
    /// True when the content is known data that is not a model (an ONNX TensorProto: the input_0.pb/output_0.pb test data
    /// beside ONNX models), so a model extension on it promises nothing.
    /// </summary>
    public bool IsModelData { get; init; }

    public bool IsKnown => Format != ModelFormats.Unknown;
}
