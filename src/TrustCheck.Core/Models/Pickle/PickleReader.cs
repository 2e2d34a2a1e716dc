namespace TrustCheck.Core.Models.Pickle;

/// <summary>Pickle files (.pkl, .pickle, raw pickles named .bin, gzip/bz2/xz-compressed .pkl.gz …): every concatenated pickle is walked.</summary>
public sealed class PickleReader : IModelReader
{
    public string Format => "pickle";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        Joblib.CompressedModel.Scan(stream, path, inspection, "this pickle file", new PickleScanOptions { MaxBytes = PickleScanner.DefaultMaxBytes, Location = path });
        return inspection;
    }
}
