using System.Text.Json;
using TrustCheck.Tests;
using TrustCheck.Tests.Online;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// `trustcheck check --online` end to end: a fresh project whose nuget.config names only a loopback v3 feed, restored by
/// the CLI before the check (the feed serves System.CommandLine 2.0.0 from its real .nupkg should restore ask), then checked online.
/// </summary>
public sealed class OnlineCheckTests : IDisposable
{
    private static readonly string RealNupkg = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "system.commandline", "2.0.0", "system.commandline.2.0.0.nupkg");

    private readonly LoopbackNuGetFeed _feed = new(
    [
        new FeedPackage
        {
            Id = "System.CommandLine", Version = "2.0.0", LicenseExpression = "MIT", Nupkg = File.ReadAllBytes(RealNupkg),
            DeprecationReasons = ["Other"], DeprecationMessage = "Use the 3.x line.", AlternatePackageId = "System.CommandLine", AlternatePackageRange = "[3.0.0, )",
        },
        new FeedPackage { Id = "System.CommandLine", Version = "3.0.0", LicenseExpression = "MIT" },
    ]);

    private readonly string _project = TestPaths.NewTempDirectory("trustcheck-cli-online");
    private readonly Dictionary<string, string> _environment;

    public OnlineCheckTests()
    {
        File.WriteAllText(Path.Combine(_project, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.CommandLine" Version="2.0.0" />
              </ItemGroup>
            </Project>
            """);
        _feed.WriteNuGetConfig(_project);
        _environment = new() { ["TRUSTCHECK_CACHE_DIR"] = Path.Combine(_project, "cache") };
    }

    public void Dispose() => _feed.Dispose();

    [Fact]
    public void Check_online_reports_the_deprecation_from_the_projects_own_source_and_exits_0()
    {
        var result = CliRunner.Run(_project, _environment, "check", "--online", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = json.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("ruleId").GetString() == "TC2006");
        Assert.Equal("System.CommandLine@2.0.0", finding.GetProperty("subject").GetString());
        Assert.Contains("Use the 3.x line.", finding.GetProperty("message").GetString());
        var online = json.RootElement.GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == "System.CommandLine").GetProperty("online");
        Assert.Equal(_feed.ServiceIndexUrl, online.GetProperty("source").GetString());
        Assert.Equal("3.0.0", online.GetProperty("latestVersion").GetString());
        Assert.DoesNotContain("Online look-ups", result.Stderr); // stderr is redirected here: no progress
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_project, "cache", "online")));
    }

    [Fact]
    public void Check_without_online_asks_the_feed_nothing_beyond_restore()
    {
        var restore = CliRunner.Run(_project, _environment, "check");
        var afterRestore = _feed.Requests.Count(r => r.Contains("/registration/", StringComparison.Ordinal));

        var result = CliRunner.Run(_project, _environment, "check", "--offline", "--format", "json");

        Assert.Equal(0, restore.ExitCode);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, afterRestore);
        Assert.DoesNotContain(_feed.Requests, r => r.Contains("/registration/", StringComparison.Ordinal));
        Assert.DoesNotContain("TC2006", result.Stdout);
        Assert.DoesNotContain("\"online\"", result.Stdout);
    }

    [Fact]
    public void Online_and_offline_together_is_a_usage_error()
    {
        var result = CliRunner.Run(_project, _environment, "check", "--online", "--offline", "--no-restore");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--online and --offline", Assert.Single(result.Stderr.TrimEnd().Split('\n')));
        Assert.Equal(0, _feed.RequestCount);
    }

    [Fact]
    public void Unreachable_source_is_an_info_finding_and_exit_0()
    {
        CliRunner.Run(_project, _environment, "check"); // restore while the feed is up
        _feed.FailWithStatus = System.Net.HttpStatusCode.BadGateway;

        var result = CliRunner.Run(_project, _environment, "check", "--online", "--no-restore");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("info TC2007", result.Stdout);
        Assert.Contains("502", result.Stdout);
    }
}
