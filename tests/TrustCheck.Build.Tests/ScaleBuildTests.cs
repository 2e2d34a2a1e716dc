using System.Text.Json;
using System.Text.RegularExpressions;
using TrustCheck.Facts;

namespace TrustCheck.Build.Tests;

/// <summary>
/// TrustCheck in repositories with many projects: a multi-targeted project is checked once, test projects get info
/// severities for the analyzer rules, and a lock at the repository root serves the projects below it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class ScaleBuildTests
{
    private const string CheckTaskDone = "Done executing task \"TrustCheck.Build.TrustCheckTask\"";

    private readonly EndToEndFixture _fixture;

    public ScaleBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    private static int CountOf(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    /// <summary>Each "warning TCxxxx: … [project::TargetFramework=…]" once, however often the console logger repeats it.</summary>
    private static IReadOnlyList<string> WarningLines(string output, string code) =>
        Regex.Matches(output, $@"warning {code}:.*$", RegexOptions.Multiline).Select(m => m.Value.TrimEnd('\r')).Distinct().ToList();

    [Fact]
    public async Task Multi_targeted_project_runs_the_check_once_with_every_finding_once()
    {
        var build = await _fixture.Scenario(Scenarios.MultiTargeted);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.Equal(1, CountOf(build.First.Output, CheckTaskDone));
        // Per framework, the model warnings would come twice: once per inner build (…::TargetFramework=netstandard2.0]).
        Assert.Single(WarningLines(build.First.Output, "TC3001"));
        Assert.Single(WarningLines(build.First.Output, "TC3004"));
        // Both inner builds still give their compilation the analyzer facts.
        Assert.True(File.Exists(Path.Combine(build.Project.ProjectDirectory, "obj", "Debug", "netstandard2.0", AnalyzerFactsFormat.FileName)));
        Assert.True(File.Exists(Path.Combine(build.Project.ProjectDirectory, "obj", "Debug", "net10.0", AnalyzerFactsFormat.FileName)));
    }

    [Fact]
    public async Task Multi_targeted_report_attributes_each_package_to_the_frameworks_that_resolve_it()
    {
        var build = await _fixture.Scenario(Scenarios.MultiTargeted);
        var report = build.Project.ReadReport();
        var packages = report.Packages;
        Assert.Equal(new[] { "netstandard2.0" }, Assert.Single(packages, p => p.Id == "NETStandard.Library").TargetFrameworks);
        Assert.Equal(new[] { "net10.0", "netstandard2.0" }, Assert.Single(packages, p => p.Id == "OllamaSharp").TargetFrameworks);

        // The findings say so too: they come from the net10.0 build but concern netstandard2.0 only. (Its license URL is
        // a known one now, so what remains about it are info findings: the report has them all.)
        var netStandard = report.Findings.Where(f => f.Subject.StartsWith("NETStandard.Library@", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(netStandard);
        Assert.All(netStandard, f => Assert.Contains("Resolved only for netstandard2.0 (not net10.0).", f.Message + " " + f.Location?.Note));
    }

    [Fact]
    public async Task Multi_targeted_no_op_build_runs_no_check()
    {
        var build = await _fixture.Scenario(Scenarios.MultiTargeted);
        Assert.True(build.Second.ExitCode == 0, build.Second.ToString());
        Assert.Equal(0, CountOf(build.Second.Output, CheckTaskDone));
    }

    /// <summary>Rule id → SARIF level of every result in the compiler's error log.</summary>
    private static List<(string RuleId, string Level)> CompilerResults(ConsumerProject project)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.ProjectDirectory, Scenarios.ErrorLogFile)));
        return log.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.GetProperty("results").EnumerateArray())
            .Select(r => (r.GetProperty("ruleId").GetString()!, r.TryGetProperty("level", out var level) ? level.GetString()! : "warning"))
            .ToList();
    }

    [Fact]
    public async Task Test_project_gets_the_analyzer_rules_as_info()
    {
        var build = await _fixture.Scenario(Scenarios.TestProject);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.DoesNotContain(BuildDiagnostic.Parse(build.First.Output), d => d.Code.StartsWith("TC4", StringComparison.Ordinal) && d.Severity is "warning" or "error");
        var results = CompilerResults(build.Project);
        Assert.Contains(("TC4001", "note"), results);
        Assert.Contains(("TC4004", "note"), results);
        Assert.DoesNotContain(results, r => r.RuleId.StartsWith("TC4", StringComparison.Ordinal) && r.Level != "note");
    }

    [Fact]
    public async Task Policy_rules_beat_the_test_project_default()
    {
        var build = await _fixture.Scenario(Scenarios.TestProjectPolicy);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.Contains(BuildDiagnostic.Parse(build.First.Output), d => d.Code == "TC4001" && d.Severity == "warning");
        Assert.Contains(("TC4004", "note"), CompilerResults(build.Project));
    }

    [Fact]
    public async Task Lock_at_the_repository_root_covers_a_project_below_it()
    {
        var build = await _fixture.Scenario(Scenarios.NearestLock);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.DoesNotContain(BuildDiagnostic.Parse(build.First.Output), d => d.Code is "TC3001" or "TC3004");
        var model = Assert.Single(build.Project.ReadReport().Models);
        Assert.Equal("MIT", model.License.Expression);

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(build.Project.FactsPath));
        Assert.Contains(facts.Models, m => m.Path == "models/relu.onnx" && m.State == AnalyzerModelFact.Locked);
    }

    [Fact]
    public async Task Repository_lock_keeps_the_check_incremental()
    {
        var build = await _fixture.Scenario(Scenarios.NearestLock);
        Assert.True(build.Second.ExitCode == 0, build.Second.ToString());
        Assert.Equal(0, CountOf(build.Second.Output, CheckTaskDone));
    }
}
