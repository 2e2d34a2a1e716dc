using TrustCheck.Core.Models.Binary;
using System.IO.Compression;
using TrustCheck.Core.Models.Pickle;

namespace TrustCheck.Core.Models.Joblib;

/// <summary>
/// joblib.dump files: a pickle whose numpy arrays are written as raw bytes right after each NumpyArrayWrapper, in a
/// plain file or a zlib/gzip stream. The walker skips the array bytes using the wrapper's shape and dtype.
/// </summary>
public sealed class JoblibReader : IModelReader
{
    public string Format => "joblib";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var header = StreamBytes.ReadAt(stream, 0, 6); // fewer bytes for a tiny file
        stream.Position = 0;

        Stream? pickle = stream;
        var limit = PickleScanner.DefaultMaxBytes;
        if (header.Length >= 2 && header[0] == 0x1f && header[1] == 0x8b)
        {
            pickle = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (header.Length >= 2 && header[0] == 0x78 && header[1] is 0x01 or 0x5e or 0x9c or 0xda)
        {
            pickle = new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (header.Length >= 3 && ((header[0] == 'B' && header[1] == 'Z' && header[2] == 'h') || (header[0] == 0xfd && header[1] == '7' && header[2] == 'z') ||
            (header[0] == 0x04 && header[1] == 0x22 && header[2] == 0x4d)))
        {
            PickleFamily.AddUninspectable(inspection, path, "it is a bz2/xz/lz4-compressed joblib file, which TrustCheck cannot decompress");
            return inspection;
        }

        PickleFamily.AddFormatNotice(inspection, path, "this joblib file");
        using (pickle == stream ? null : pickle)
        {
            var result = PickleScanner.Scan(pickle, new PickleScanOptions { MaxBytes = limit, JoblibArrays = true, Location = path });
            PickleFamily.AddScan(inspection, result);
        }

        return inspection;
    }
}
