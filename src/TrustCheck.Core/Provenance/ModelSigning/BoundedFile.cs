using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Reads a small signing file through <see cref="RegularFile"/>: never a FIFO or device, never past the cap.</summary>
internal static class BoundedFile
{
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        try
        {
            return RegularFile.ReadAllBytes(path, maxBytes);
        }
        catch (FileTooLargeException)
        {
            throw new SignatureCheckFailedException($"{what} is over the {maxBytes / (1024 * 1024)} MB limit");
        }
        catch (NotRegularFileException ex)
        {
            throw new SignatureCheckFailedException($"{what} is {ex.Message}");
        }
    }
}
