using System.Text.RegularExpressions;
using TrustCheck.Facts;

namespace TrustCheck.Build.Tests;

/// <summary>The analyzers shipped in the package run in a consumer's `dotnet build` against the facts the task wrote.</summary>
[Collection(EndToEndCollection.Name)]
public class AnalyzerBuildTests
{
    private readonly EndToEndFixture _fixture;

    public AnalyzerBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    /// <summary>(rule, line, column) of each "Program.cs(line,col): warning TC4xxx" in the log, once each.</summary>
    private static HashSet<(string Rule, int Line, int Column)> AnalyzerWarnings(string output) =>
        Regex.Matches(output, @"Program\.cs\((?<line>\d+),(?<col>\d+)\): warning (?<rule>TC4\d{3}):")
            .Select(m => (m.Groups["rule"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value)))
            .ToHashSet();

    [Fact]
    public async Task Build_reports_model_loads_at_their_file_line_and_column()
    {
        var build = await _fixture.Scenario(Scenarios.Analyzers);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());

        // Scenarios.AnalyzerProgram: each diagnostic points at the string argument that names the model.
        var expected = new[]
        {
            ("TC4001", 5, 45), // new InferenceSession("models/other.onnx"): not declared
            ("TC4001", 6, 58), // OllamaApiClient(…, "llama3.1:8b"): no TrustCheckModelReference declares it …
            ("TC4004", 6, 58), // … and the Llama 3.1 Community License (family guess: nothing locked)
            ("TC4001", 7, 41), // new InferenceSession("models/relu.pt"): not declared …
            ("TC4003", 7, 41), // … and pickle-based
        };
        Assert.Equal(expected.OrderBy(w => w), AnalyzerWarnings(build.First.Output).OrderBy(w => w));
    }

    [Fact]
    public async Task Editorconfig_severities_apply_to_the_analyzer_rules()
    {
        var build = await _fixture.Scenario(Scenarios.AnalyzersEditorConfig);

        // TC4003 escalated to an error fails the build at the pickle load; TC4004 turned off is gone; TC4001 stays a warning.
        Assert.True(build.First.ExitCode != 0, build.First.ToString());
        Assert.Matches(@"Program\.cs\(7,41\): error TC4003:", build.First.Output);
        Assert.DoesNotContain("TC4004", build.First.Output);
        Assert.Contains(("TC4001", 5, 45), AnalyzerWarnings(build.First.Output));
    }

    [Fact]
    public async Task The_task_writes_the_facts_file_the_analyzers_read()
    {
        var build = await _fixture.Scenario(Scenarios.Analyzers);
        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(Path.Combine(build.Project.IntermediateDirectory, AnalyzerFactsFormat.FileName)));
        Assert.Equal("models/relu.onnx", Assert.Single(facts.Models).Path);
    }
}
