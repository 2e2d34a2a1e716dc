namespace TrustCheck.Build.Tests;

/// <summary>An IDE design-time build on a project whose lock is broken: only the facts file may be written.</summary>
[Collection(EndToEndCollection.Name)]
public class DesignTimeBuildTests
{
    private readonly EndToEndFixture _fixture;

    public DesignTimeBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    private Task<BuildPair> Build() => _fixture.Scenario(Scenarios.DesignTime);

    [Fact]
    public async Task Design_time_build_writes_only_the_facts_file()
    {
        var build = await Build();
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        Assert.Empty(BuildDiagnostic.Parse(build.First.Output));
        Assert.DoesNotContain(DependencyIsolation.Prefix, build.First.Output);
        Assert.Contains("Done executing task \"TrustCheck.Build.TrustCheckWriteFactsTask\"", build.First.Output);
        Assert.Matches(ConsumerProject.AdditionalFactsFilePattern, build.First.Output);
    }

    [Fact]
    public async Task Next_real_build_runs_the_check()
    {
        var build = await Build();
        Assert.NotEqual(0, build.Second.ExitCode);
        Assert.Contains(BuildDiagnostic.Parse(build.Second.Output), d => d.Code == "TC9002" && d.Severity == "error");
    }
}
