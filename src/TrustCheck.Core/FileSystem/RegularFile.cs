using System.Text;

namespace TrustCheck.Core.FileSystem;

/// <summary>
/// The one door to file content. A path is looked at (after following links) before it is opened: only regular files
/// are opened, so a FIFO never blocks open() and a link to /dev/zero is never read. Every read is bounded by the length
/// taken at inspection, so a file that grows while read, or a size that lies, cannot make a reader loop or allocate
/// without end.
/// </summary>
public sealed class RegularFile
{
    private RegularFile(string path, long length, DateTime lastWriteTimeUtc)
    {
        Path = path;
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    /// <summary>Full path as given (links not resolved, so messages show the user's path).</summary>
    public string Path { get; }

    /// <summary>Size when inspected; reads never go past it.</summary>
    public long Length { get; }

    public DateTime LastWriteTimeUtc { get; }

    /// <summary>"path|size|write time": the key under which something derived from this file stays valid until it changes.</summary>
    public string Identity => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Path}|{Length}|{LastWriteTimeUtc.Ticks}");

    /// <summary>Throws <see cref="FileNotFoundException"/> when missing, <see cref="NotRegularFileException"/> for anything but a regular file.</summary>
    public static RegularFile Inspect(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var kind = FileKindProbe.Probe(fullPath);
        if (kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"Could not find file '{fullPath}'.", fullPath);
        }

        if (kind != FileKind.Regular)
        {
            throw new NotRegularFileException(fullPath, kind);
        }

        // Size and time of the file itself, not of a link to it (FileInfo on a link describes the link). Only a link as
        // the last segment needs resolving (links among the folders are followed by the stat itself): this runs for
        // every package of every project in a build, and resolving walks each segment of the path.
        var info = new FileInfo(fullPath);
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            info = new FileInfo(RealPath.Resolve(fullPath) ?? fullPath);
        }
        return new RegularFile(fullPath, info.Length, info.LastWriteTimeUtc);
    }

    /// <summary>True when <paramref name="path"/> is a regular file (after links): the File.Exists to use before reading.</summary>
    public static bool Exists(string path) => FileKindProbe.Probe(System.IO.Path.GetFullPath(path)) == FileKind.Regular;

    /// <summary>A read-only stream of at most <see cref="Length"/> bytes.</summary>
    public Stream OpenRead(FileOptions options = FileOptions.None, int bufferSize = 4096)
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize, options);
        return new BoundedReadStream(stream, Length);
    }

    /// <summary>The whole file, refused with <see cref="FileTooLargeException"/> when over <paramref name="maxBytes"/>.</summary>
    public byte[] ReadAllBytes(long maxBytes)
    {
        if (Length > maxBytes)
        {
            throw new FileTooLargeException(Length, maxBytes);
        }

        using var stream = OpenRead(FileOptions.SequentialScan, bufferSize: 0);
        var buffer = new byte[Length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    public static Stream OpenRead(string path, FileOptions options = FileOptions.None, int bufferSize = 4096) =>
        Inspect(path).OpenRead(options, bufferSize);

    public static byte[] ReadAllBytes(string path, long maxBytes) => Inspect(path).ReadAllBytes(maxBytes);

    /// <summary>UTF-8 text (a byte order mark is honoured, as File.ReadAllText does).</summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Whether the file on disk still has the size it was inspected with (a file that grew was cut at <see cref="Length"/>).</summary>
    public bool ChangedSince(out long currentLength)
    {
        try
        {
            currentLength = new FileInfo(RealPath.Resolve(Path) ?? Path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            currentLength = -1;
        }

        return currentLength != Length;
    }
}
