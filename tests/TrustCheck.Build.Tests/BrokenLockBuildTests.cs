namespace TrustCheck.Build.Tests;

/// <summary>A consumer whose trustcheck.lock.json is not JSON: a configuration error the task must report as TC9002.</summary>
[Collection(EndToEndCollection.Name)]
public class BrokenLockBuildTests
{
    private const string HelpLink = "https://github.com/trustcheck/trustcheck/blob/main/docs/rules/TC9002.md";

    private readonly EndToEndFixture _fixture;

    public BrokenLockBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    private Task<BuildPair> Build() => _fixture.Scenario(Scenarios.BrokenLock);

    [Fact]
    public async Task Unreadable_lock_fails_the_build_with_TC9002_at_the_lock_file_line()
    {
        var build = await Build();
        Assert.NotEqual(0, build.First.ExitCode);

        var diagnostic = Assert.Single(BuildDiagnostic.Parse(build.First.Output), d => d.Code == "TC9002");
        Assert.Equal("error", diagnostic.Severity);
        Assert.Equal(Path.Combine(build.Project.Directory, "trustcheck.lock.json"), diagnostic.File);
        Assert.Equal(1, diagnostic.Line);
        Assert.Contains(HelpLink, diagnostic.Message);
    }

    [Fact]
    public async Task Failed_check_runs_again_on_the_next_build()
    {
        var build = await Build();
        Assert.NotEqual(0, build.Second.ExitCode);
        Assert.Contains(BuildDiagnostic.Parse(build.Second.Output), d => d.Code == "TC9002" && d.Severity == "error");
        Assert.DoesNotContain("Skipping target \"TrustCheck\" because", build.Second.Output);
    }

    [Fact]
    public async Task Report_holds_the_finding_with_its_help_link()
    {
        var build = await Build();
        var finding = Assert.Single(build.Project.ReadReport().Findings, f => f.RuleId == "TC9002");
        Assert.Equal("error", finding.Severity);
        Assert.Equal(HelpLink, finding.HelpUri);
        Assert.Contains("\"helpUri\": \"" + HelpLink + "\"", File.ReadAllText(build.Project.ReportPath));
    }

    [Fact]
    public async Task Compilation_does_not_run_after_a_TrustCheck_error()
    {
        var build = await Build();
        Assert.False(File.Exists(Path.Combine(build.Project.Directory, "bin", "Debug", "net10.0", "Consumer.dll")));
    }
}
