namespace TrustCheck.Core.FileSystem;

/// <summary>
/// A path that is a FIFO, socket, device, directory or link loop where a file was expected. An <see cref="IOException"/>,
/// so every reader's existing "could not be read" handling turns it into its usual finding, with this message.
/// </summary>
public sealed class NotRegularFileException : IOException
{
    public NotRegularFileException(string path, FileKind kind)
        : base(kind == FileKind.LinkLoop ? "symbolic link loop, not read" : $"not a regular file ({kind.Describe()}), not read")
    {
        Path = path;
        Kind = kind;
    }

    public string Path { get; }

    public FileKind Kind { get; }
}

/// <summary>A file larger than its reader's cap: refused before anything is allocated.</summary>
public sealed class FileTooLargeException : IOException
{
    public FileTooLargeException(long length, long maxBytes)
        : base($"{length} bytes, over the {maxBytes} byte limit for this kind of file, not read")
    {
    }
}
