namespace TrustCheck.Core.Models;

/// <summary>
/// The format a file's content shows (a contract format name) and the evidence for it, e.g.
/// ("gguf", "GGUF magic, version 3"). <see cref="Container"/> names an archive the file is ("zip", "7z") when the
/// archive itself is not a model format, so the caller can hand it to an archive scanner or report it as uninspectable.
/// </summary>
public sealed record DetectedFormat(string Format, string Evidence)
{
    public string? Container { get; init; }

    public bool IsKnown => Format != ModelFormats.Unknown;
}
