using System.Reflection;
using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// The TrustCheck.Cli package as users get it: packed into a folder feed, installed with `dotnet tool install
/// --tool-path`, and run through the installed `trustcheck` launcher (not the build output).
/// </summary>
[Collection(CliProcessCollection.Name)]
public sealed class ToolPackageTests : IClassFixture<ToolPackageTests.InstalledTool>
{
    private readonly InstalledTool _tool;

    public ToolPackageTests(InstalledTool tool) => _tool = tool;

    [Fact]
    public void Installed_tool_prints_the_version_it_was_built_with()
    {
        var result = _tool.Run(TestPaths.RepoRoot, "--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(InstalledTool.BuiltVersion, result.Stdout.Trim());
    }

    [Fact]
    public void Installed_tool_checks_a_restored_project_and_writes_the_report()
    {
        var project = SampleApp.CopyAll(withPolicyAndLock: true, "trustcheck-tool-check");

        var result = _tool.Run(project, "check", "--no-restore", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Contains(report.RootElement.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "TorchSharp");
        var model = Assert.Single(report.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("models/squeezenet", model.GetProperty("path").GetString());
    }

    [Fact]
    public void Installed_tool_explains_a_rule_from_the_packed_docs()
    {
        var result = _tool.Run(TestPaths.RepoRoot, "explain", "tc3010");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("TC3010: Model contains executable pickle content", result.Stdout);
        Assert.Contains("torch.load", result.Stdout); // text of the page itself, not the catalog fallback
    }

    [Fact]
    public void Tool_package_holds_each_rule_page_once()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(_tool.PackagePath);
        var pages = package.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".md", StringComparison.Ordinal)).ToList();

        Assert.Equal(Directory.GetFiles(Path.Combine(TestPaths.Docs, "rules"), "TC*.md").Length, pages.Count);
        Assert.All(pages, p => Assert.Matches(@"^tools/net10\.0/any/rules/TC\d{4}\.md$", p));
    }

    /// <summary>Packs the already-built CLI (no rebuild) under a unique version, installs it into a temporary tool path.</summary>
    public sealed class InstalledTool : IDisposable
    {
        public static string BuiltVersion { get; } = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        private static readonly string Configuration =
            typeof(InstalledTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        private readonly string _root = TestPaths.NewTempDirectory("trustcheck-tool");
        private readonly string _version = $"0.1.0-tooltest.{DateTime.UtcNow.Ticks}";

        public InstalledTool()
        {
            var feed = Path.Combine(_root, "feed");
            var project = Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Cli", "TrustCheck.Cli.csproj");
            var pack = CliRunner.RunProcess("dotnet", TestPaths.RepoRoot,
                ["pack", project, "--no-build", "-c", Configuration, "-o", feed, $"-p:PackageVersion={_version}", "-nr:false", "-v:q"]);
            PackagePath = Path.Combine(feed, $"TrustCheck.Cli.{_version}.nupkg");
            Assert.True(pack.ExitCode == 0 && File.Exists(PackagePath), "dotnet pack: " + pack);

            var install = CliRunner.RunProcess("dotnet", _root,
                ["tool", "install", "TrustCheck.Cli", "--tool-path", ToolPath, "--add-source", feed, "--version", _version, "--ignore-failed-sources"]);
            Assert.True(install.ExitCode == 0, "dotnet tool install: " + install);
        }

        public string PackagePath { get; }

        private string ToolPath => Path.Combine(_root, "tools");

        public CliResult Run(string workingDirectory, params string[] args) =>
            CliRunner.RunProcess(Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "trustcheck.exe" : "trustcheck"), workingDirectory, args);

        public void Dispose()
        {
            // The install left a copy in the global packages folder under this run's unique version: remove both.
            var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (var folder in new[] { Path.Combine(globalPackages, "trustcheck.cli", _version), _root })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Best effort: a leftover temp folder is harmless.
                }
            }
        }
    }
}
