using TrustCheck.Core.Models.Pickle;

namespace TrustCheck.Core.Models.Joblib;

/// <summary>
/// joblib.dump files: a pickle whose numpy arrays are written as raw bytes right after each NumpyArrayWrapper, in a
/// plain file or compressed the way joblib.dump(compress=…) writes it (zlib, gzip, bz2, xz, lzma, lz4). The walker skips the array bytes using the wrapper's shape and dtype.
/// </summary>
public sealed class JoblibReader : IModelReader
{
    public string Format => "joblib";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        CompressedModel.Scan(stream, path, inspection, "this joblib file",
            new PickleScanOptions { MaxBytes = PickleScanner.DefaultMaxBytes, JoblibArrays = true, Location = path });
        return inspection;
    }
}
