using TrustCheck.Core.Models;
using TrustCheck.Fuzz;

// Each input goes through content detection first (it decompresses the head of a compressed pickle), then the reader
// (which decompresses the whole stream): both decompression paths a real scan takes.
return FuzzHarness.Run(new DetectThenRead(new TrustCheck.Core.Models.Joblib.JoblibReader()), args);

internal sealed class DetectThenRead(IModelReader reader) : IModelReader
{
    public string Format => reader.Format;

    public ModelInspection Inspect(Stream stream, string path)
    {
        FormatDetector.Detect(stream, "fuzz.pkl.gz");
        stream.Position = 0;
        return reader.Inspect(stream, path);
    }
}
