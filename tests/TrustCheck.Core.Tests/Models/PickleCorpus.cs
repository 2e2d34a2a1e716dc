using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Numpy;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Models.PyTorch;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>The pickle-family rows of the shared corpus MANIFEST.tsv, and the reader each one goes to.</summary>
public static class PickleCorpus
{
    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal)
    {
        "pickle", "pytorch-zip", "pytorch-legacy", "numpy-npy", "numpy-npz", "zip", "7z", "joblib", "png",
    };

    public sealed record Row(string Path, string Format, string Label, string Notes)
    {
        public override string ToString() => Path;
    }

    public static IReadOnlyList<Row> Rows { get; } = File.ReadAllLines(Path.Combine(TestPaths.Corpus, "MANIFEST.tsv"))
        .Skip(1)
        .Select(line => line.Split('\t'))
        .Where(c => c.Length >= 9 && Formats.Contains(c[3]))
        .Select(c => new Row(c[0], c[3], c[4], c[8]))
        .ToList();

    public static IEnumerable<object[]> WithLabel(string label) => Rows.Where(r => r.Label == label).Select(r => new object[] { r.Path });

    public static Row Get(string path) => Rows.Single(r => r.Path == path);

    public static IModelReader ReaderFor(string manifestFormat) => manifestFormat switch
    {
        "pickle" => new PickleReader(),
        "numpy-npy" or "numpy-npz" => new NumpyReader(),
        "joblib" => new TrustCheck.Core.Models.Joblib.JoblibReader(),
        _ => new PyTorchReader(),
    };

    public static ModelInspection Inspect(string path)
    {
        var row = Get(path);
        using var stream = File.OpenRead(TestPaths.CorpusFile(path));
        return ReaderFor(row.Format).Inspect(stream, path);
    }
}
