using TrustCheck.Core.Models;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Compressed models named as joblib, pandas and torch users name them (tests/fixtures/compressed-models, written by
/// generate.py there with Python's own compressors): a project walk finds them by name and they are read by content.
/// </summary>
public class CompressedModelDiscoveryTests
{
    private static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "compressed-models");

    private static string[] Fixtures => Directory.GetFiles(Folder).Select(Path.GetFileName).Where(n => n!.StartsWith("benign-") || n.StartsWith("evil-")).Order(StringComparer.Ordinal).ToArray()!;

    private static Report ProjectWalk(ModelWorkspace ws)
    {
        ws.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        foreach (var name in Fixtures)
        {
            File.Copy(Path.Combine(Folder, name), ws.Path("Models/" + name));
        }

        var options = ws.Options();
        options.ProjectPath = ws.Path("App.csproj");
        options.DiscoverModelsInProject = true;
        return TrustCheckEngine.Check(options);
    }

    private static string All(Report report) => string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity} {f.Subject}: {f.Message}"));

    [Fact]
    public void Fixtures_cover_every_compression_suffix_joblib_writes()
    {
        foreach (var suffix in new[] { ".gz", ".z", ".bz2", ".xz", ".lzma", ".lz4" })
        {
            Assert.Contains(Fixtures, n => n.EndsWith(suffix, StringComparison.Ordinal) && n.StartsWith("evil-", StringComparison.Ordinal));
        }

        foreach (var name in new[] { "model.pkl.gz", "weights.pt.gz", "weights.pth.gz", "model.joblib.gz" })
        {
            Assert.Contains("benign-" + name, Fixtures);
        }
    }

    [Fact]
    public void Project_walk_finds_every_compressed_model_and_no_other_compressed_file()
    {
        using var ws = new ModelWorkspace();
        Directory.CreateDirectory(ws.Path("Models"));
        ws.Write("Models/notes.txt.gz", "not a model");
        ws.Write("Models/table.csv.xz", "not a model");
        ws.Write("Models/site.tar.gz", "not a model");
        ws.Write("Models/model.pkl.7z", "not a compression joblib writes");

        var report = ProjectWalk(ws);

        Assert.Equal(Fixtures.Select(n => "Models/" + n), report.Models.Select(m => m.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compressed_plain_data_pickles_are_read_as_pickles_without_errors()
    {
        using var ws = new ModelWorkspace();
        Directory.CreateDirectory(ws.Path("Models"));

        var report = ProjectWalk(ws);

        foreach (var model in report.Models.Where(m => m.Path.StartsWith("Models/benign-", StringComparison.Ordinal)))
        {
            Assert.True(model.Format is ModelFormats.Pickle or ModelFormats.Joblib, model.Path + " read as " + model.Format);
            var mine = report.Findings.Where(f => f.Subject == model.Path).ToList();
            Assert.DoesNotContain(mine, f => f.Severity == "error");
            Assert.DoesNotContain(mine, f => f.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch or RuleIds.ModelCompressedUnopened or RuleIds.ModelUnsafePickle);
        }
    }

    [Fact]
    public void Compressed_payloads_found_by_the_project_walk_are_errors()
    {
        using var ws = new ModelWorkspace();
        Directory.CreateDirectory(ws.Path("Models"));

        var report = ProjectWalk(ws);

        foreach (var name in Fixtures.Where(n => n.StartsWith("evil-", StringComparison.Ordinal)))
        {
            Assert.True(
                report.Findings.Any(f => f.Subject == "Models/" + name && f.RuleId == RuleIds.ModelUnsafePickle && f.Severity == "error"),
                name + "\n" + All(report));
        }
    }

    [Theory]
    [InlineData("model.pkl.gz", "pickle")]
    [InlineData("weights.pt.gz", "pytorch")]
    [InlineData("weights.PTH.XZ", "pytorch")]
    [InlineData("model.joblib.z", "joblib")]
    [InlineData("notes.txt.gz", null)]
    [InlineData("model.onnx.gz", null)]
    [InlineData("model.gz", null)]
    public void Name_with_a_compression_suffix_promises_the_inner_extensions_formats(string name, string? first)
    {
        var expected = ModelExtensionTable.ExpectedFormats(name);

        Assert.Equal(first, expected.FirstOrDefault());
        Assert.Equal(first is not null, ModelExtensionTable.IsModelExtension(name));
    }
}
