using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Zip;

namespace TrustCheck.Core.Models.Numpy;

/// <summary>.npy arrays and .npz archives of them; object-dtype arrays hold pickles, which are walked.</summary>
public sealed class NumpyReader : IModelReader
{
    public string Format => "numpy";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var header = StreamBytes.ReadAt(stream, 0, 8); // fewer bytes for a tiny file
        stream.Position = 0;

        if (ZipDirectory.HasZipSignature(header))
        {
            // .npz: a zip of .npy members (np.savez); any other member is still sniffed for pickles.
            PickleArchive.Inspect(stream, path, inspection);
            return inspection;
        }

        NpyFile.Inspect(stream, stream.Length, path, inspection, string.Empty);
        return inspection;
    }
}
