using System.IO.Compression;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// A gzip-compressed torch.save zip (model.pt.gz, which torch.load(gzip.open(…)) reads) is opened and its pickles are
/// walked: real PyTorch zips from the shared corpus, gzipped by the test.
/// </summary>
public class CompressedPyTorchTests
{
    private static byte[] Gzip(byte[] data)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private static Report ScanAs(byte[] bytes, string name, bool asFolder = false)
    {
        using var ws = new ModelWorkspace();
        Directory.CreateDirectory(ws.Path("in"));
        File.WriteAllBytes(ws.Path("in/" + name), bytes);
        return ws.Scan(asFolder ? "in" : "in/" + name);
    }

    private static string All(Report report) => string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity}: {f.Message}"));

    [Theory]
    [InlineData("modelscan/data/unsafe_zip_pytorch.pt", "posix.system")]
    [InlineData("modelaudit/samples/pytorch/malicious_eval.pt", "builtins.eval")]
    public void Malicious_zip_inside_gzip_is_an_error(string corpusFile, string global)
    {
        var bytes = Gzip(File.ReadAllBytes(TestPaths.CorpusFile(corpusFile)));

        foreach (var report in new[] { ScanAs(bytes, "model.pt.gz"), ScanAs(bytes, "weights.pth.gz", asFolder: true) })
        {
            Assert.True(
                report.Findings.Any(f => f.RuleId == RuleIds.ModelUnsafePickle && f.Severity == "error" && f.Data?["global"] == global),
                All(report));
            Assert.Equal("pytorch", Assert.Single(report.Models).Format);
        }
    }

    [Fact]
    public void Benign_zip_inside_gzip_is_read_clean()
    {
        var bytes = Gzip(File.ReadAllBytes(TestPaths.CorpusFile("picklescan/data/new_pytorch_model.bin")));

        var report = ScanAs(bytes, "model.pt.gz");

        Assert.Equal("pytorch", Assert.Single(report.Models).Format);
        Assert.DoesNotContain(report.Findings, f => f.Severity == "error");
        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.ModelUnsafePickle or RuleIds.ModelCompressedUnopened or RuleIds.ModelMalformed);
    }

    [Fact]
    public void Truncated_gzip_of_a_zip_is_reported_not_a_crash()
    {
        var bytes = Gzip(File.ReadAllBytes(TestPaths.CorpusFile("modelscan/data/unsafe_zip_pytorch.pt")));

        var report = ScanAs(bytes[..(bytes.Length / 2)], "model.pt.gz");

        Assert.Contains(report.Findings, f => f.RuleId is RuleIds.ModelMalformed or RuleIds.ModelCompressedUnopened);
    }
}
