namespace TrustCheck.Core.Models;

/// <summary>
/// One reader per format. Readers never execute anything, never trust a length field beyond a hard cap,
/// and never throw for bad input: malformed content becomes a TC3013 issue on the inspection.
/// </summary>
public interface IModelReader
{
    /// <summary>The contract format name this reader produces (pickle, gguf, onnx, …).</summary>
    string Format { get; }

    /// <summary>Inspects <paramref name="stream"/> (seekable, positioned at 0). <paramref name="path"/> is for messages only.</summary>
    ModelInspection Inspect(Stream stream, string path);
}
