using System.Text.RegularExpressions;

namespace TrustCheck.Build.Tests;

/// <summary>A consumer with real ML packages, no policy and no lock.</summary>
[Collection(EndToEndCollection.Name)]
public class CleanProjectBuildTests
{
    private readonly EndToEndFixture _fixture;

    public CleanProjectBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    private Task<BuildPair> Build() => _fixture.Scenario(Scenarios.Clean);

    [Fact]
    public async Task Build_succeeds_and_writes_the_schema_1_report_under_obj()
    {
        var build = await Build();
        Assert.True(build.First.ExitCode == 0, build.First.ToString());

        var report = build.Project.ReadReport();
        Assert.Equal(1, report.SchemaVersion);
        Assert.Equal("trustcheck", report.Tool.Name);
        Assert.DoesNotContain(report.Findings, f => f.Severity == "error");
    }

    [Theory]
    [InlineData("OllamaSharp", "5.5.2")]
    [InlineData("Microsoft.ML.OnnxRuntime.Managed", "1.31.1")]
    public async Task Report_lists_the_restored_ML_packages_with_their_licenses(string id, string version)
    {
        var build = await Build();
        var package = Assert.Single(build.Project.ReadReport().Packages, p => p.Id == id);
        Assert.Equal(version, package.Version);
        Assert.True(package.Direct);
        Assert.True(package.Ml);
        Assert.Equal("MIT", package.License.Expression);
    }

    [Fact]
    public async Task TrustCheck_package_itself_is_listed_but_never_reported_on()
    {
        var build = await Build();
        var report = build.Project.ReadReport();

        // The locally packed package is unsigned and has no repository metadata: TC2001/TC2004 would fire on any other package.
        Assert.Contains(report.Packages, p => p.Id == "TrustCheck");
        Assert.DoesNotContain(report.Findings, f => f.Subject.StartsWith("TrustCheck@", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Clean_project_has_no_TC_warnings_or_errors()
    {
        var build = await Build();
        Assert.DoesNotContain(BuildDiagnostic.Parse(build.First.Output), d => d.Severity is "warning" or "error");
    }

    [Fact]
    public async Task Task_loads_its_own_NuGet_assemblies_in_an_isolated_load_context()
    {
        var build = await Build();
        var line = build.First.Output.Split('\n').FirstOrDefault(l => l.Contains(DependencyIsolation.Prefix, StringComparison.Ordinal));
        Assert.True(line is not null, build.First.ToString());

        var match = Regex.Match(line, @"NuGet\.Packaging \S+ from '(?<path>[^']+)' in load context '(?<context>[^']+)'");
        Assert.True(match.Success, line);
        var taskFolder = Path.Combine(_fixture.Feed.InstalledPackageDirectory, "tasks", "net10.0");
        Assert.Equal(Path.Combine(taskFolder, "NuGet.Packaging.dll"), match.Groups["path"].Value);
        // Not the SDK's own NuGet.Packaging (which MSBuild itself has loaded for restore), and not the default context.
        Assert.StartsWith("MSBuild plugin ", match.Groups["context"].Value, StringComparison.Ordinal);
        Assert.NotEqual("Default", match.Groups["context"].Value);
    }

    [Fact]
    public async Task No_op_build_skips_the_TrustCheck_targets()
    {
        var build = await Build();
        Assert.True(build.Second.ExitCode == 0, build.Second.ToString());
        Assert.Contains("Skipping target \"TrustCheck\" because all output files are up-to-date", build.Second.Output);
        Assert.Contains("Skipping target \"TrustCheckWriteFacts\" because all output files are up-to-date", build.Second.Output);
        Assert.DoesNotContain(DependencyIsolation.Prefix, build.Second.Output);
    }

    [Fact]
    public async Task First_build_runs_the_TrustCheck_target()
    {
        var build = await Build();
        Assert.Contains("Building target \"TrustCheck\" completely", build.First.Output);
    }

    [Fact]
    public async Task The_check_keeps_what_it_needs_from_the_assets_file_in_obj_and_clean_leaves_it()
    {
        var build = await Build();
        var cache = Path.Combine(build.Project.IntermediateDirectory, "trustcheck.assets.cache");
        Assert.True(File.Exists(cache), build.First.ToString());
        Assert.StartsWith("trustcheck-assets-cache 1\n", File.ReadAllText(cache));
        Assert.Contains(File.ReadLines(cache), l => l.StartsWith("package\tOllamaSharp\t5.5.2\t1\t", StringComparison.Ordinal));
        // Like the SDK's own assets cache it is no FileWrite, so a rebuild's Clean keeps it.
        var fileList = Assert.Single(Directory.GetFiles(build.Project.IntermediateDirectory, "*.FileListAbsolute.txt"));
        Assert.Contains("trustcheck.report.json", File.ReadAllText(fileList));
        Assert.DoesNotContain("trustcheck.assets.cache", File.ReadAllText(fileList));
    }

    [Fact]
    public async Task The_check_writes_the_facts_file_so_the_facts_task_does_not_run_in_that_build()
    {
        var build = await Build();
        Assert.True(File.Exists(build.Project.FactsPath), build.First.ToString());
        Assert.Contains("Building target \"TrustCheck\" completely", build.First.Output);
        // A target skipped by its condition is not logged at all; one that runs or is checked for being up to date is.
        Assert.DoesNotContain("Target \"TrustCheckWriteFacts\" in file", build.First.Output);
        Assert.DoesNotContain("Task \"TrustCheck.Build.TrustCheckWriteFactsTask\"", build.First.Output);
    }

    [Fact]
    public async Task Facts_file_reaches_the_compiler_as_an_additional_file()
    {
        var build = await Build();
        Assert.True(File.Exists(build.Project.FactsPath));
        Assert.Matches(ConsumerProject.AdditionalFactsFilePattern, build.First.Output);
        // On the no-op build the facts target is skipped, but the item is still added for the compiler.
        Assert.Contains("Done building target \"_TrustCheckAddFactsFile\"", build.Second.Output);
    }

    [Fact]
    public async Task Package_analyzers_are_passed_to_the_compiler()
    {
        var build = await Build();
        var analyzers = Path.Combine(_fixture.Feed.InstalledPackageDirectory, "analyzers", "dotnet", "cs");
        Assert.Contains("/analyzer:" + Path.Combine(analyzers, "TrustCheck.Analyzers.dll"), build.First.Output);
        Assert.Contains("/analyzer:" + Path.Combine(analyzers, "TrustCheck.Analyzers.CodeFixes.dll"), build.First.Output);
    }
}
