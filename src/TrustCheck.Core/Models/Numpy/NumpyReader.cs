using TrustCheck.Core.Models.Zip;

namespace TrustCheck.Core.Models.Numpy;

/// <summary>.npy arrays and .npz archives of them; object-dtype arrays hold pickles, which are walked.</summary>
public sealed class NumpyReader : IModelReader
{
    public string Format => "numpy";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var header = new byte[8];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Position = 0;

        if (ZipDirectory.HasZipSignature(header.AsSpan(0, read)))
        {
            // .npz: a zip of .npy members (np.savez); any other member is still sniffed for pickles.
            PickleArchive.Inspect(stream, path, inspection);
            return inspection;
        }

        NpyFile.Inspect(stream, stream.Length, path, inspection, string.Empty);
        return inspection;
    }
}
