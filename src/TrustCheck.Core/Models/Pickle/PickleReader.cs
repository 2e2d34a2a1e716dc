namespace TrustCheck.Core.Models.Pickle;

/// <summary>Plain pickle files (.pkl, .pickle, raw pickles named .bin): every concatenated pickle is walked.</summary>
public sealed class PickleReader : IModelReader
{
    public string Format => "pickle";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        PickleFamily.AddFormatNotice(inspection, path, "this pickle file");
        PickleFamily.AddScan(inspection, PickleScanner.Scan(stream, PickleScanner.DefaultMaxBytes, path));
        return inspection;
    }
}
