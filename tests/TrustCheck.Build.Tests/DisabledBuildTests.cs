namespace TrustCheck.Build.Tests;

/// <summary>TrustCheckEnabled=false with a broken lock: nothing of TrustCheck may run, so the build passes.</summary>
[Collection(EndToEndCollection.Name)]
public class DisabledBuildTests
{
    private readonly EndToEndFixture _fixture;

    public DisabledBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TrustCheckEnabled_false_turns_off_the_check_the_report_and_the_facts()
    {
        var build = await _fixture.Scenario(Scenarios.Disabled);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.Empty(BuildDiagnostic.Parse(build.First.Output));
        Assert.DoesNotContain("Target \"TrustCheck\" in file", build.First.Output);
        Assert.DoesNotContain("Target \"TrustCheckWriteFacts\" in file", build.First.Output);
        Assert.DoesNotContain(DependencyIsolation.Prefix, build.First.Output);
        Assert.False(File.Exists(build.Project.ReportPath));
        Assert.False(File.Exists(build.Project.FactsPath));
    }
}
