using System.Text.Json;
using NJsonSchema;
using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Reporting;

public class SchemaValidationTests
{
    internal static readonly Lazy<JsonSchema> Sarif = new(() =>
        JsonSchema.FromFileAsync(TestPaths.CorpusFile("schemas/sarif-schema-2.1.0.json")).GetAwaiter().GetResult());

    internal static readonly Lazy<JsonSchema> CycloneDx = new(() =>
        JsonSchema.FromFileAsync(TestPaths.CorpusFile("schemas/bom-1.6.schema.json")).GetAwaiter().GetResult());

    [Fact]
    public void Sarif_output_is_valid_sarif_2_1_0()
    {
        var sarif = SarifReportWriter.Serialize(ReportFixture.Create());
        Assert.Empty(Sarif.Value.Validate(sarif));
    }

    [Fact]
    public void Sarif_results_keep_rule_level_location_and_help()
    {
        using var sarif = JsonDocument.Parse(SarifReportWriter.Serialize(ReportFixture.Create()));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var pickle = results.Single(r => r.GetProperty("ruleId").GetString() == "TC3010");
        Assert.Equal("error", pickle.GetProperty("level").GetString());
        Assert.Equal("models/evil.pt", pickle.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("os.system", pickle.GetProperty("properties").GetProperty("global").GetString());
        Assert.Equal("note", results.Single(r => r.GetProperty("ruleId").GetString() == "TC2004").GetProperty("level").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var index = pickle.GetProperty("ruleIndex").GetInt32();
        Assert.Equal("TC3010", rules[index].GetProperty("id").GetString());
        Assert.EndsWith("docs/rules/TC3010.md", rules[index].GetProperty("helpUri").GetString());
    }

    [Fact]
    public void Sarif_carries_the_whole_rule_page_as_help_for_reported_rules_only()
    {
        using var sarif = JsonDocument.Parse(SarifReportWriter.Serialize(ReportFixture.Create()));
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().ToDictionary(rule => rule.GetProperty("id").GetString()!);

        var reported = rules["TC3010"].GetProperty("help");
        Assert.Contains("## ", reported.GetProperty("markdown").GetString());
        Assert.Contains("docs/rules/TC3010.md", reported.GetProperty("text").GetString());
        var unreported = rules["TC1001"].GetProperty("help");
        Assert.False(unreported.TryGetProperty("markdown", out _));
        Assert.Contains("docs/rules/TC1001.md", unreported.GetProperty("text").GetString());
        Assert.True(rules["TC1001"].GetProperty("fullDescription").GetProperty("text").GetString()!.Length > 20);
    }

    [Fact]
    public void CycloneDx_output_is_a_valid_1_6_bom()
    {
        var bom = CycloneDxReportWriter.Serialize(ReportFixture.Create());
        Assert.Empty(CycloneDx.Value.Validate(bom));
    }

    [Fact]
    public void CycloneDx_lists_packages_as_libraries_and_models_as_ml_models()
    {
        using var bom = JsonDocument.Parse(CycloneDxReportWriter.Serialize(ReportFixture.Create()));
        var components = bom.RootElement.GetProperty("components").EnumerateArray().ToList();
        var onnx = components.Single(c => c.GetProperty("name").GetString() == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.Equal("library", onnx.GetProperty("type").GetString());
        Assert.Equal("pkg:nuget/Microsoft.ML.OnnxRuntime.Managed@1.31.1", onnx.GetProperty("purl").GetString());
        Assert.Equal("MIT", onnx.GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        var dual = components.Single(c => c.GetProperty("name").GetString() == "Dual.Pkg");
        Assert.Equal("MIT OR Apache-2.0", dual.GetProperty("licenses")[0].GetProperty("expression").GetString());
        Assert.Equal(128, onnx.GetProperty("hashes")[0].GetProperty("content").GetString()!.Length);
        var model = components.Single(c => c.GetProperty("type").GetString() == "machine-learning-model" && c.GetProperty("bom-ref").GetString() == "model:models/phi.gguf");
        Assert.Equal("LicenseRef-llama3.1", model.GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString());
    }

    [Fact]
    public void CycloneDx_output_is_deterministic()
    {
        Assert.Equal(CycloneDxReportWriter.Serialize(ReportFixture.Create()), CycloneDxReportWriter.Serialize(ReportFixture.Create()));
    }

    [Theory]
    [InlineData("invalid-bomformat-1.6.json")]
    [InlineData("invalid-hash-sha256-1.6.json")]
    [InlineData("invalid-license-choice-1.6.json")]
    public void The_schema_check_itself_rejects_the_official_invalid_examples(string example)
    {
        var json = File.ReadAllText(TestPaths.CorpusFile("schemas/cyclonedx-1.6-examples/" + example));
        Assert.NotEmpty(CycloneDx.Value.Validate(json));
    }

    [Fact]
    public void Json_report_has_the_contract_shape()
    {
        using var json = JsonDocument.Parse(ReportJson.Serialize(ReportFixture.Create()));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("trustcheck", root.GetProperty("tool").GetProperty("name").GetString());
        var finding = root.GetProperty("findings")[0];
        Assert.Equal("TC3010", finding.GetProperty("ruleId").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("models/evil.pt", finding.GetProperty("location").GetProperty("path").GetString());
        var package = root.GetProperty("packages").EnumerateArray().First(p => p.GetProperty("id").GetString() == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.True(package.GetProperty("ml").GetBoolean());
        Assert.Equal("file", package.GetProperty("license").GetProperty("kind").GetString());
        var model = root.GetProperty("models").EnumerateArray().First(m => m.GetProperty("path").GetString() == "models/phi.gguf");
        Assert.Equal("open-weights", model.GetProperty("openness").GetProperty("class").GetString());
    }

    [Fact]
    public void Markdown_escapes_table_cells()
    {
        var markdown = MarkdownReportWriter.Serialize(ReportFixture.Create());
        Assert.Contains("licenseUrl \\| see it", markdown);
        Assert.Contains("[TC3010](", markdown);
    }
}
