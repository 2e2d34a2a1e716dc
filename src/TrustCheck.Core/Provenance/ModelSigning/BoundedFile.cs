namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Reads a small file without trusting its reported length (a link to a device or a growing file cannot exhaust memory).</summary>
internal static class BoundedFile
{
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SignatureCheckFailedException($"{what} is over the {maxBytes / (1024 * 1024)} MB limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
