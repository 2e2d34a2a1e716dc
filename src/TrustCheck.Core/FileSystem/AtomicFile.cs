using System.Text;

namespace TrustCheck.Core.FileSystem;

/// <summary>
/// Replaces a file whole: write a uniquely named temporary file beside it, then move it over the target. Readers (the
/// analyzers, CI parsing the report, a second build) see the old file or the new one, never half of either, and two
/// builds writing at once each finish with a valid file. A move that meets a sharing violation (Windows, a reader has
/// it open) is retried briefly.
/// </summary>
public static class AtomicFile
{
    private const int MoveAttempts = 5;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string content) => WriteAllBytes(path, Utf8NoBom.GetBytes(content));

    /// <summary>
    /// As <see cref="WriteAllText"/>, but a file that already holds exactly these bytes is only touched (write time set
    /// to now) instead of replaced: a rebuild that finds the same report writes nothing, and MSBuild's up-to-date check
    /// still sees an output newer than its inputs. When the touch fails the file is replaced as usual.
    /// </summary>
    public static void WriteAllTextUnlessSame(string path, string content) => WriteAllBytesUnlessSame(path, Utf8NoBom.GetBytes(content));

    /// <summary>As <see cref="WriteAllTextUnlessSame"/>, for content that is already bytes (the build task's report).</summary>
    public static void WriteAllBytesUnlessSame(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        if (HoldsExactly(fullPath, content) && TryTouch(fullPath))
        {
            return;
        }

        WriteAllBytes(fullPath, content);
    }

    private static bool HoldsExactly(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            var file = RegularFile.Inspect(path);
            return file.Length == content.Length && file.ReadAllBytes(content.Length).AsSpan().SequenceEqual(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // Missing, not a regular file, unreadable: write it.
        }
    }

    private static bool TryTouch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void WriteAllBytes(string path, byte[] content) => WriteAllBytes(path, content.AsSpan());

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, content);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    File.Move(temporary, fullPath, overwrite: true);
                    return;
                }
                catch (IOException) when (attempt < MoveAttempts)
                {
                    Thread.Sleep(20 * attempt);
                }
            }
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind in obj/: harmless, and the next clean removes it.
        }
    }
}
