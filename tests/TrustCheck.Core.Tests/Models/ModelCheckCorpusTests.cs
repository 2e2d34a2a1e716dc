using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// The whole shared corpus through the model stage, judged against MANIFEST.tsv labels: every malicious file gets an
/// error, no benign model file does. Needs every format reader (pickle, formats work) to be in place.
/// </summary>
public class ModelCheckCorpusTests
{
    private static readonly string[] ModelFormats = ["pickle", "onnx", "gguf", "safetensors", "tflite", "numpy", "pytorch"];

    private sealed record ManifestRow(string Path, string Format, string Label);

    private static readonly Lazy<(List<ManifestRow> Rows, Report Report)> Scan = new(() =>
    {
        var rows = File.ReadLines(TestPaths.CorpusFile("MANIFEST.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .Select(c => new ManifestRow(c[0], c[3], c[4]))
            .ToList();
        var options = new CheckOptions
        {
            WorkingDirectory = TestPaths.Corpus,
            LockFilePath = Path.Combine(TestPaths.NewTempDirectory(), "trustcheck.lock.json"),
        };
        options.ModelPaths.Add(TestPaths.Corpus);
        return (rows, TrustCheckEngine.Check(options));
    });

    private static IEnumerable<ReportFinding> ErrorsFor(Report report, string path) =>
        report.Findings.Where(f => f.Severity == "error" && (f.Location?.Path == path || f.Subject == path));

    [Fact]
    public void Every_malicious_corpus_file_gets_an_error()
    {
        var (rows, report) = Scan.Value;
        var malicious = rows.Where(r => r.Label == "malicious").ToList();

        var missed = malicious.Where(r => !ErrorsFor(report, r.Path).Any()).Select(r => $"{r.Path} ({r.Format})").ToList();

        Assert.True(missed.Count == 0,
            $"{missed.Count} of {malicious.Count} malicious files got no error-level finding:\n" + string.Join("\n", missed));
    }

    [Fact]
    public void No_benign_model_file_in_the_corpus_gets_an_error()
    {
        var (rows, report) = Scan.Value;
        var benign = rows.Where(r => r.Label == "benign" && ModelFormats.Any(f => r.Format.StartsWith(f, StringComparison.Ordinal))).ToList();

        var flagged = benign
            .Select(r => (Row: r, Errors: ErrorsFor(report, r.Path).ToList()))
            .Where(x => x.Errors.Count > 0)
            .Select(x => $"{x.Row.Path} ({x.Row.Format}): " + string.Join(" | ", x.Errors.Select(e => $"{e.RuleId} {e.Message}")))
            .ToList();

        Assert.NotEmpty(benign);
        Assert.True(flagged.Count == 0, $"{flagged.Count} of {benign.Count} benign model files got an error:\n" + string.Join("\n", flagged));
    }

    [Fact]
    public void Every_benign_model_file_in_the_corpus_is_reported_as_a_model()
    {
        var (rows, report) = Scan.Value;
        var inReport = report.Models
            .SelectMany(m => m.Files is null ? [m.Path] : m.Files.Select(f => m.Path + "/" + f))
            .ToHashSet(StringComparer.Ordinal);

        var missing = rows
            .Where(r => r.Label == "benign" && ModelFormats.Any(f => r.Format.StartsWith(f, StringComparison.Ordinal)))
            .Where(r => !inReport.Contains(r.Path))
            .Select(r => r.Path)
            .ToList();

        Assert.True(missing.Count == 0, "benign model files not in the report:\n" + string.Join("\n", missing));
    }
}
