namespace TrustCheck.Core.FileSystem;

/// <summary>What a path is after following links. Only <see cref="Regular"/> files are ever opened.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    /// <summary>A symbolic link that leads back to itself (ELOOP).</summary>
    LinkLoop,
    /// <summary>A symbolic link whose target does not exist.</summary>
    BrokenLink,
    /// <summary>Exists, but stat could not say what it is (e.g. permission denied on a parent folder).</summary>
    Unknown,
}

public static class FileKindNames
{
    /// <summary>The kind as findings name it: "not a regular file (FIFO), not read".</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "regular file",
        FileKind.Directory => "directory",
        FileKind.Fifo => "FIFO",
        FileKind.Socket => "socket",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.LinkLoop => "symbolic link loop",
        FileKind.BrokenLink => "broken symbolic link",
        _ => "unknown file type",
    };
}
