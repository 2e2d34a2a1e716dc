namespace TrustCheck.Build.Tests;

/// <summary>
/// TC warnings are real MSBuild warnings: they carry their code and help link, and NoWarn, WarningsAsErrors,
/// TreatWarningsAsErrors and WarningsNotAsErrors act on them. The unlocked, unlicensed model gives TC3001 and TC3004.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class WarningControlBuildTests
{
    private readonly EndToEndFixture _fixture;

    public WarningControlBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Unlocked_model_is_a_TC3001_warning_at_the_model_file_with_its_help_link()
    {
        var build = await _fixture.Scenario(Scenarios.Models);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        var diagnostic = Assert.Single(BuildDiagnostic.Parse(build.First.Output),
            d => d.Code == "TC3001" && d.File == build.Project.PathOf("models/relu.onnx"));
        Assert.Equal("warning", diagnostic.Severity);
        Assert.Contains("models/relu.onnx", diagnostic.Message);
        Assert.EndsWith("(https://github.com/trustcheck/trustcheck/blob/main/docs/rules/TC3001.md)", diagnostic.Message);
    }

    [Fact]
    public async Task NoWarn_suppresses_TC_warnings_even_under_TreatWarningsAsErrors()
    {
        var build = await _fixture.Scenario(Scenarios.NoWarn);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.First.Output);
        // MSBuild turns a NoWarn'd warning into a low-importance message: never a warning or an error.
        Assert.DoesNotContain(diagnostics, d => d.Code is "TC3001" or "TC3004" && d.Severity is "warning" or "error");
        // Suppressed in the log, still on record.
        Assert.Contains(build.Project.ReadReport().Findings, f => f.RuleId == "TC3001");
    }

    [Fact]
    public async Task TreatWarningsAsErrors_fails_the_build_on_TC_warnings_except_WarningsNotAsErrors()
    {
        var build = await _fixture.Scenario(Scenarios.TreatWarningsAsErrors);
        Assert.NotEqual(0, build.First.ExitCode);
        var diagnostics = BuildDiagnostic.Parse(build.First.Output);
        Assert.Contains(diagnostics, d => d.Code == "TC3001" && d.Severity == "error");
        Assert.DoesNotContain(diagnostics, d => d.Code == "TC3001" && d.Severity == "warning");
        Assert.Contains(diagnostics, d => d.Code == "TC3004" && d.Severity == "warning");
        Assert.DoesNotContain(diagnostics, d => d.Code == "TC3004" && d.Severity == "error");
    }

    [Fact]
    public async Task WarningsAsErrors_turns_one_TC_warning_into_an_error()
    {
        var build = await _fixture.Scenario(Scenarios.WarningsAsErrors);
        Assert.NotEqual(0, build.First.ExitCode);
        var diagnostics = BuildDiagnostic.Parse(build.First.Output);
        Assert.Contains(diagnostics, d => d.Code == "TC3001" && d.Severity == "error");
        Assert.Contains(diagnostics, d => d.Code == "TC3004" && d.Severity == "warning");
    }
}
