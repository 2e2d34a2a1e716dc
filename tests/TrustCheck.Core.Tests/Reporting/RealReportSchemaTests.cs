using System.Text.Json;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>SARIF and CycloneDX of real runs — the restored sample project and folders of corpus models — against the official schemas.</summary>
public class RealReportSchemaTests
{
    internal static readonly Lazy<Report> SampleReport = new(() =>
    {
        var project = Path.Combine(TestPaths.Samples, "ModelApp", "ModelApp.csproj");
        if (!File.Exists(Path.Combine(TestPaths.Samples, "ModelApp", "obj", "project.assets.json")))
        {
            DotnetRestore.Run(project);
        }

        return TrustCheckEngine.Check(new CheckOptions { ProjectPath = project, DiscoverModelsInProject = true, WorkingDirectory = TestPaths.RepoRoot });
    });

    public static TheoryData<string> CorpusFolders => new() { "picklescan", "onnx", "modelaudit", "ggml-llama.cpp", "oms" };

    [Fact]
    public void Sample_project_sarif_is_valid_and_every_package_finding_has_a_declaring_line()
    {
        var report = SampleReport.Value;
        var sarif = SarifReportWriter.Serialize(report, TestPaths.RepoRoot);

        Assert.Empty(SchemaValidationTests.Sarif.Value.Validate(sarif));
        var packageSubjects = report.Packages.Select(p => $"{p.Id}@{p.Version}").ToHashSet();
        var packageFindings = report.Findings.Where(f => packageSubjects.Contains(f.Subject)).ToList();
        Assert.NotEmpty(packageFindings);
        Assert.All(packageFindings, f => Assert.True(f.Location?.Line > 0, $"{f.RuleId} {f.Subject} has no line"));
    }

    [Fact]
    public void Sample_project_bom_is_valid_with_the_project_as_root_and_an_ml_model_card()
    {
        var report = SampleReport.Value;
        var json = CycloneDxReportWriter.Serialize(report);

        Assert.Empty(SchemaValidationTests.CycloneDx.Value.Validate(json));
        using var bom = JsonDocument.Parse(json);
        Assert.Equal("ModelApp", bom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        var model = bom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "machine-learning-model");
        var card = model.GetProperty("modelCard");
        Assert.Equal("image-classification", card.GetProperty("modelParameters").GetProperty("task").GetString());
        Assert.Equal("imagenet-1k", card.GetProperty("modelParameters").GetProperty("datasets")[0].GetProperty("name").GetString());
        Assert.Contains(report.Models[0].Openness.Class, card.GetProperty("considerations").GetProperty("technicalLimitations")[0].GetString());
        var refs = bom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToList();
        Assert.Equal(refs.Count, refs.Distinct().Count());
        Assert.Equal(report.Packages.Count + report.Models.Count + 1, bom.RootElement.GetProperty("dependencies").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(CorpusFolders))]
    public void Corpus_model_scan_output_is_schema_valid(string folder)
    {
        var options = new CheckOptions { WorkingDirectory = TestPaths.Corpus, LockFilePath = Path.Combine(TestPaths.NewTempDirectory(), "none.lock.json") };
        options.ModelPaths.Add(TestPaths.CorpusFile(folder));
        var report = TrustCheckEngine.Check(options);

        Assert.NotEmpty(report.Models);
        Assert.Empty(SchemaValidationTests.Sarif.Value.Validate(SarifReportWriter.Serialize(report, TestPaths.Corpus)));
        Assert.Empty(SchemaValidationTests.CycloneDx.Value.Validate(CycloneDxReportWriter.Serialize(report)));
    }

    [Fact]
    public void Every_rule_has_a_full_description_from_its_docs_page()
    {
        Assert.All(RuleCatalog.All, rule =>
        {
            Assert.NotEqual(rule.Title, rule.Description);
            Assert.True(rule.Description.Length > 60, $"{rule.Id}: '{rule.Description}'");
            Assert.DoesNotContain("`", rule.Description);
            var page = File.ReadAllText(Path.Combine(TestPaths.Docs, "rules", rule.Id + ".md")).Replace("\r\n", "\n");
            Assert.Equal(page, RuleDocs.Page(rule.Id));
        });
    }
}
