namespace TrustCheck.Build.Tests;

/// <summary>trustcheck.json beside the consumer: found without any property, applied by the task, errors fail the build.</summary>
[Collection(EndToEndCollection.Name)]
public class PolicyBuildTests
{
    private readonly EndToEndFixture _fixture;

    public PolicyBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("OllamaSharp@5.5.2", "OllamaSharp")]
    [InlineData("Microsoft.ML.OnnxRuntime.Managed@1.31.1", "Microsoft.ML.OnnxRuntime.Managed")]
    [InlineData("Microsoft.Extensions.AI.Abstractions@10.8.0", "OllamaSharp")] // transitive: at the reference that brings it in
    public async Task Denied_license_fails_the_build_with_TC1001_on_the_PackageReference_line(string package, string referencedAs)
    {
        var build = await _fixture.Scenario(Scenarios.DeniedLicense);
        Assert.NotEqual(0, build.First.ExitCode);
        var diagnostic = Assert.Single(BuildDiagnostic.Parse(build.First.Output),
            d => d.Code == "TC1001" && d.Message.StartsWith(package + " ", StringComparison.Ordinal));
        Assert.Equal("error", diagnostic.Severity);
        Assert.Equal(build.Project.ProjectPath, diagnostic.File);
        var lines = File.ReadAllLines(build.Project.ProjectPath);
        var expected = Array.FindIndex(lines, l => l.Contains($"<PackageReference Include=\"{referencedAs}\"", StringComparison.Ordinal)) + 1;
        Assert.True(expected > 0);
        Assert.Equal(expected, diagnostic.Line);
        if (package.Split('@')[0] != referencedAs)
        {
            Assert.Contains($"{referencedAs}@5.5.2 brings in {package}.", diagnostic.Message);
        }
        Assert.Contains("MIT", diagnostic.Message);
        Assert.EndsWith("(https://github.com/trustcheck/trustcheck/blob/main/docs/rules/TC1001.md)", diagnostic.Message);
    }

    [Fact]
    public async Task Denied_license_is_in_the_report_too()
    {
        var build = await _fixture.Scenario(Scenarios.DeniedLicense);
        var report = build.Project.ReadReport();
        Assert.Contains(report.Findings, f => f.RuleId == "TC1001" && f.Subject == "OllamaSharp@5.5.2" && f.Severity == "error");
    }

    [Fact]
    public async Task Policy_syntax_error_fails_the_build_with_TC9001_at_its_line_and_column()
    {
        var build = await _fixture.Scenario(Scenarios.BrokenPolicy);
        Assert.NotEqual(0, build.First.ExitCode);
        var diagnostic = Assert.Single(BuildDiagnostic.Parse(build.First.Output), d => d.Code == "TC9001");
        Assert.Equal("error", diagnostic.Severity);
        Assert.Equal(Path.Combine(build.Project.Directory, "trustcheck.json"), diagnostic.File);
        Assert.Equal(3, diagnostic.Line);
        Assert.True(diagnostic.Column > 1, diagnostic.ToString());
        Assert.Contains("https://github.com/trustcheck/trustcheck/blob/main/docs/rules/TC9001.md", diagnostic.Message);
    }

    [Fact]
    public async Task Removing_the_policy_runs_the_check_again()
    {
        var build = await _fixture.Scenario(Scenarios.PolicyRemoved);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.True(build.Second.ExitCode == 0, build.Second.ToString());
        Assert.Contains("Building target \"TrustCheck\" completely", build.Second.Output);
        // The stamp's name carries the digest of the inputs, which lost the policy file.
        Assert.Matches("Output file \"[^\"]*trustcheck\\.[0-9A-F]{8}\\.stamp\" does not exist", build.Second.Output);
    }
}
