using TrustCheck.Core.Models.Joblib;
using TrustCheck.Core.Models.Pickle;

namespace TrustCheck.Core.Models.PyTorch;

/// <summary>
/// A compressed PyTorch file (model.pt.gz): torch.load(gzip.open(…)) reads the zip or legacy pickles through the
/// decompressor. The zip reader needs to seek, so the content is decompressed into a temporary file first, under the
/// pickle walker's byte cap; one level only (torch.load does not decompress).
/// </summary>
internal static class CompressedPyTorchFile
{
    public delegate void UncompressedInspector(Stream stream, string path, byte[] header, ModelInspection inspection, string how);

    public static void Inspect(Stream stream, string path, Compression compression, ModelInspection inspection, UncompressedInspector inspectUncompressed)
    {
        var codec = CompressedStreams.Describe(compression);
        using var decompressed = CompressedStreams.Open(stream, compression, out var problem);
        if (decompressed is null)
        {
            CompressedModel.AddUnopened(inspection, path, codec, problem!);
            return;
        }

        FileStream content;
        try
        {
            content = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CompressedModel.AddUnopened(inspection, path, codec, $"no temporary file to decompress into ({e.Message})");
            return;
        }

        using (content)
        {
            var copied = CopyAtMost(decompressed, content, PickleScanner.DefaultMaxBytes + 1);
            if (copied == 0)
            {
                CompressedModel.AddUnopened(inspection, path, codec, decompressed.Failure ?? $"the {codec} stream holds no data");
                return;
            }

            if (copied > PickleScanner.DefaultMaxBytes)
            {
                PickleFamily.AddUninspectable(inspection, path, $"it decompresses ({codec}) to more than {PickleScanner.DefaultMaxBytes:N0} bytes, the inspection cap");
                return;
            }

            content.Position = 0;
            var header = new byte[Math.Min(16, copied)];
            content.ReadExactly(header);
            content.Position = 0;
            inspectUncompressed(content, path, header, inspection, $" ({codec}-compressed)");
            if (decompressed.Failure is { } corrupt)
            {
                PickleFamily.AddUninspectable(inspection, path, corrupt);
            }
        }
    }

    private static long CopyAtMost(Stream source, Stream destination, long limit)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (total < limit)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total));
            if (read == 0)
            {
                break;
            }

            destination.Write(buffer, 0, read);
            total += read;
        }

        return total;
    }
}
