using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>The facts file shape shared by the MSBuild writer and the analyzer reader.</summary>
public class FactsFormatTests
{
    [Fact]
    public void Written_facts_read_back_identically()
    {
        var facts = new AnalyzerFacts { ProjectDirectory = "/src/app" };
        facts.Models.Add(new AnalyzerModelFact
        {
            Path = "models/phi.gguf", State = AnalyzerModelFact.Locked, Sha256 = new string('c', 64), Format = "gguf",
            License = "LicenseRef-llama3.1", Restrictions = { "acceptable-use-policy", "mau-threshold" }, Openness = "open-weights",
            Policy = "allowed", Source = "https://huggingface.co/org/repo", Revision = "0123456789abcdef0123456789abcdef01234567",
        });
        facts.DeniedLicenses.Add("LicenseRef-*-NC");
        facts.AllowedLicenses.Add("MIT");
        facts.RuleSeverities["TC4003"] = "error";

        var read = AnalyzerFactsFormat.Parse(AnalyzerFactsFormat.Write(facts));

        Assert.Equal("/src/app", read.ProjectDirectory);
        var model = Assert.Single(read.Models);
        Assert.Equal(("models/phi.gguf", "locked", "gguf", "LicenseRef-llama3.1", "open-weights", "allowed"),
            (model.Path, model.State, model.Format, model.License, model.Openness, model.Policy));
        Assert.Equal(new[] { "acceptable-use-policy", "mau-threshold" }, model.Restrictions);
        Assert.Equal(("https://huggingface.co/org/repo", "0123456789abcdef0123456789abcdef01234567"), (model.Source, model.Revision));
        Assert.Equal(new[] { "LicenseRef-*-NC" }, read.DeniedLicenses);
        Assert.Equal(new[] { "MIT" }, read.AllowedLicenses);
        Assert.Equal("error", read.RuleSeverities["tc4003"]);
    }

    [Fact]
    public void Tabs_newlines_and_backslashes_in_paths_survive()
    {
        var facts = new AnalyzerFacts();
        facts.Models.Add(new AnalyzerModelFact { Path = "odd\tname\\with\nbreaks.onnx", State = AnalyzerModelFact.Declared });

        var text = AnalyzerFactsFormat.Write(facts);

        Assert.Equal(4, text.Split('\n').Length); // comment, header, one model line, then the final newline
        Assert.Equal("odd\tname\\with\nbreaks.onnx", Assert.Single(AnalyzerFactsFormat.Parse(text).Models).Path);
    }

    [Fact]
    public void Unknown_records_and_malformed_lines_are_skipped()
    {
        var read = AnalyzerFactsFormat.Parse("trustcheck-facts\t2\r\nfuture-kind\tx\ty\nmodel\n\nmodel\t\nrule\tTC4001\nmodel\tok.onnx\tdeclared\n");

        Assert.Equal("ok.onnx", Assert.Single(read.Models).Path);
        Assert.Empty(read.RuleSeverities);
    }

    [Fact]
    public void The_facts_file_name_is_what_the_build_writes() => Assert.Equal("trustcheck.facts.txt", AnalyzerFactsFormat.FileName);
}
