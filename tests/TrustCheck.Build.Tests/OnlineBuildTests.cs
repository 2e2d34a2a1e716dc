using TrustCheck.Rules;
using TrustCheck.Tests.Online;

namespace TrustCheck.Build.Tests;

/// <summary>
/// TrustCheckOffline=false in a real build: the task asks the project's own source (a loopback v3 feed; the consumer's
/// nuget.config names only it and the packed TrustCheck feed) and, because online answers change without any input
/// changing, runs again on the next build, answered from the cache.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OnlineBuildTests(EndToEndFixture fixture)
{
    private const string Advisory = "https://github.com/advisories/GHSA-test-onli-ne00";

    [Fact]
    public async Task TrustCheckOffline_false_warns_TC2006_and_checks_again_on_the_next_build_from_the_cache()
    {
        using var feed = new LoopbackNuGetFeed(
        [
            new FeedPackage { Id = "OllamaSharp", Version = "5.5.2", Vulnerabilities = [(2, Advisory)] },
            new FeedPackage { Id = "Microsoft.ML.OnnxRuntime.Managed", Version = "1.31.1", LicenseExpression = "MIT" },
        ]);
        var project = new ConsumerProject(fixture.Feed, "online").WithProperty("TrustCheckOffline", "false").Create();
        project.WithFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="trustcheck-e2e" value="{fixture.Feed.Directory}" />
                <add key="loopback" value="{feed.ServiceIndexUrl}" protocolVersion="3" allowInsecureConnections="true" />
              </packageSources>
            </configuration>
            """);
        var environment = new Dictionary<string, string> { ["TRUSTCHECK_CACHE_DIR"] = project.PathOf("online-cache") };

        var first = await DotnetCli.RunAsync(project.Directory, environment, "build", ConsumerProject.ProjectFileName, "-nr:false", "-v:d");
        var registrations = feed.Requests.Count(r => r.Contains("/registration/", StringComparison.Ordinal));
        var second = await DotnetCli.RunAsync(project.Directory, environment, "build", ConsumerProject.ProjectFileName, "-nr:false", "-v:d", "--no-restore");

        Assert.True(first.ExitCode == 0, first.ToString());
        var warning = Assert.Single(BuildDiagnostic.Parse(first.Output), d => d.Code == RuleIds.PackageDeprecatedOrVulnerable);
        Assert.Equal("warning", warning.Severity);
        Assert.Contains("OllamaSharp@5.5.2", warning.Message);
        Assert.Contains(Advisory, warning.Message);
        var report = project.ReadReport();
        Assert.Equal(report.Packages.Count, registrations); // every resolved package asked once
        Assert.Equal(feed.ServiceIndexUrl, report.Packages.Single(p => p.Id == "OllamaSharp").Online!.Source);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("Skipping target \"TrustCheck\" because all output files are up-to-date", second.Output);
        Assert.Contains(BuildDiagnostic.Parse(second.Output), d => d.Code == RuleIds.PackageDeprecatedOrVulnerable);
        Assert.Equal(registrations, feed.Requests.Count(r => r.Contains("/registration/", StringComparison.Ordinal)));
    }
}
