using System.Reflection;
using System.Runtime.InteropServices;
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
    public void Each_implementation_package_holds_each_rule_page_once()
    {
        var rulePages = Directory.GetFiles(Path.Combine(TestPaths.Docs, "rules"), "TC*.md").Length;
        foreach (var (package, folder) in _tool.ImplementationPackages)
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            var pages = zip.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".md", StringComparison.Ordinal)).ToList();

            Assert.Equal(rulePages, pages.Count);
            Assert.All(pages, p => Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(folder) + @"rules/TC\d{4}\.md$", p));
        }
    }

    [Fact]
    public void Pointer_package_lists_the_native_and_the_framework_dependent_packages_and_holds_no_code()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(_tool.PackagePath);
        var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        using var reader = new StreamReader(settings.Open());
        var rids = System.Xml.Linq.XDocument.Load(reader).Descendants("RuntimeIdentifierPackage")
            .ToDictionary(e => (string)e.Attribute("RuntimeIdentifier")!, e => (string)e.Attribute("Id")!);

        Assert.Equal("TrustCheck.Cli.any", rids["any"]);
        if (InstalledTool.HostHasNativePackage)
        {
            Assert.Equal("TrustCheck.Cli.linux-x64", rids["linux-x64"]);
        }

        Assert.DoesNotContain(zip.Entries, e => e.Name.EndsWith(".dll", StringComparison.Ordinal) || e.Name == "trustcheck");
    }

    [Fact]
    public void Installed_tool_on_a_listed_platform_is_the_native_binary_without_the_runtime()
    {
        if (!InstalledTool.HostHasNativePackage)
        {
            return; // This platform installs the framework-dependent package; the test below covers it.
        }

        var installed = new FileInfo(_tool.Executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _tool.Executable;

        Assert.Contains($"trustcheck.cli.{RuntimeInformation.RuntimeIdentifier}", installed, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(installed)!, "*.dll"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(installed)!, "*.dbg"));
        // A native executable (ELF), not the apphost launcher of a trustcheck.dll: no runtimeconfig, no managed code beside it.
        var magic = new byte[4];
        using (var binary = File.OpenRead(installed))
        {
            binary.ReadExactly(magic);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        Assert.False(File.Exists(Path.ChangeExtension(installed, ".runtimeconfig.json")));
        var result = _tool.Run(TestPaths.RepoRoot, "explain", "TC1002");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Framework_dependent_package_runs_on_the_shared_runtime()
    {
        var folder = Path.Combine(_tool.Root, "any");
        System.IO.Compression.ZipFile.ExtractToDirectory(_tool.ImplementationPackages.Single(p => p.Folder == "tools/net10.0/any/").Package, folder);
        var project = SampleApp.CopyAll(withPolicyAndLock: true, "trustcheck-tool-any");

        var result = CliRunner.RunProcess("dotnet", project, [Path.Combine(folder, "tools", "net10.0", "any", "trustcheck.dll"), "check", "--no-restore", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Contains(report.RootElement.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "TorchSharp");
    }

    /// <summary>
    /// Packs the tool as it is released (eng/pack-tool.sh does the same): the pointer package from the already-built
    /// CLI, the framework-dependent `any` package and, on a platform the project lists, the Native AOT package, each
    /// RID-specific one built in its own artifacts folder. All go under a unique version into a folder feed, and the
    /// pointer is installed with `dotnet tool install --tool-path`. TRUSTCHECK_TOOL_FEED + TRUSTCHECK_TOOL_VERSION
    /// reuse a feed packed beforehand (CI packs once, for these tests and for the CLI tests against the native tool).
    /// </summary>
    public sealed class InstalledTool : IDisposable
    {
        public static string BuiltVersion { get; } = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        /// <summary>
        /// The platforms with a native package (TrustCheckToolRuntimeIdentifiers' default in TrustCheck.Cli.csproj).
        /// Native AOT links with the platform's C toolchain (clang), so a machine without it packs the other two only.
        /// </summary>
        public static bool HostHasNativePackage { get; } =
            RuntimeInformation.RuntimeIdentifier == "linux-x64" && OnPath("clang");

        private static bool OnPath(string program) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

        private static readonly string Configuration =
            typeof(InstalledTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        private static readonly string Project = Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Cli", "TrustCheck.Cli.csproj");

        private readonly string _version;

        public InstalledTool()
        {
            Root = TestPaths.NewTempDirectory("trustcheck-tool");
            var feed = Environment.GetEnvironmentVariable("TRUSTCHECK_TOOL_FEED");
            if (feed is { Length: > 0 })
            {
                _version = Environment.GetEnvironmentVariable("TRUSTCHECK_TOOL_VERSION") ?? throw new InvalidOperationException("TRUSTCHECK_TOOL_FEED needs TRUSTCHECK_TOOL_VERSION");
            }
            else
            {
                _version = $"0.1.0-tooltest.{DateTime.UtcNow.Ticks}";
                feed = Path.Combine(Root, "feed");
                // Without the native package, the pointer must not send `dotnet tool install` looking for it.
                Pack(feed, HostHasNativePackage ? ["--no-build"] : ["--no-build", "-p:TrustCheckToolRuntimeIdentifiers=any"]);
                Pack(feed, ["-r", "any", "--artifacts-path", Path.Combine(Root, "artifacts-any")]);
                if (HostHasNativePackage)
                {
                    Pack(feed, ["-r", RuntimeInformation.RuntimeIdentifier, "--artifacts-path", Path.Combine(Root, "artifacts-native")]);
                }
            }

            PackagePath = Path.Combine(feed, $"TrustCheck.Cli.{_version}.nupkg");
            ImplementationPackages = [(Path.Combine(feed, $"TrustCheck.Cli.any.{_version}.nupkg"), "tools/net10.0/any/")];
            if (HostHasNativePackage)
            {
                var rid = RuntimeInformation.RuntimeIdentifier;
                ImplementationPackages.Add((Path.Combine(feed, $"TrustCheck.Cli.{rid}.{_version}.nupkg"), $"tools/any/{rid}/"));
            }

            Assert.All(ImplementationPackages.Select(p => p.Package).Append(PackagePath), p => Assert.True(File.Exists(p), "not packed: " + p));
            var install = CliRunner.RunProcess("dotnet", Root,
                ["tool", "install", "TrustCheck.Cli", "--tool-path", ToolPath, "--add-source", feed, "--version", _version, "--ignore-failed-sources"]);
            Assert.True(install.ExitCode == 0, "dotnet tool install: " + install);
        }

        public string Root { get; }

        /// <summary>The pointer package `dotnet tool install TrustCheck.Cli` resolves.</summary>
        public string PackagePath { get; }

        /// <summary>Each implementation package and the folder that holds the tool inside it.</summary>
        public List<(string Package, string Folder)> ImplementationPackages { get; }

        public string Executable => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "trustcheck.exe" : "trustcheck");

        private string ToolPath => Path.Combine(Root, "tools");

        public CliResult Run(string workingDirectory, params string[] args) => CliRunner.RunProcess(Executable, workingDirectory, args);

        public CliResult Run(string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment) =>
            CliRunner.RunProcess(Executable, workingDirectory, args, environment);

        private void Pack(string feed, string[] options)
        {
            var pack = CliRunner.RunProcess("dotnet", TestPaths.RepoRoot,
                ["pack", Project, "-c", Configuration, "-o", feed, $"-p:PackageVersion={_version}", "-nr:false", "-v:q", .. options],
                timeout: TimeSpan.FromMinutes(15));
            Assert.True(pack.ExitCode == 0, "dotnet pack " + string.Join(' ', options) + ": " + pack);
        }

        public void Dispose()
        {
            // The install left copies in the global packages folder under this run's unique version: remove them.
            var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var leftovers = new[] { "trustcheck.cli", "trustcheck.cli.any", $"trustcheck.cli.{RuntimeInformation.RuntimeIdentifier}" }
                .Select(id => Path.Combine(globalPackages, id, _version))
                .Append(Root);
            foreach (var folder in leftovers)
            {
                try
                {
                    if (Directory.Exists(folder))
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Best effort: a leftover temp folder is harmless.
                }
            }
        }
    }
}
