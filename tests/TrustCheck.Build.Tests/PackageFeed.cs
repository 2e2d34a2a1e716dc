using System.Reflection;
using TrustCheck.Tests;

namespace TrustCheck.Build.Tests;

/// <summary>
/// Packs the TrustCheck package once per test run into a temporary folder feed. The version is unique per run
/// (0.1.0-e2e.&lt;ticks&gt;) so the global packages folder can never serve a copy from an earlier run; that copy is
/// deleted again at the end.
/// </summary>
public sealed class PackageFeed
{
    public string Directory { get; } = TestPaths.NewTempDirectory("trustcheck-e2e-feed");

    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow.Ticks}";

    /// <summary>The configuration the tests were built in; packing the same one keeps `dotnet pack` incremental.</summary>
    public static string Configuration { get; } =
        typeof(PackageFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Where restore extracts this run's package: ~/.nuget/packages/trustcheck/&lt;version&gt;.</summary>
    public string InstalledPackageDirectory => Path.Combine(GlobalPackagesFolder, "trustcheck", Version);

    private static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public async Task PackAsync()
    {
        var project = Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Build", "TrustCheck.Build.csproj");
        var result = await DotnetCli.RunAsync(TestPaths.RepoRoot,
            "pack", project, "-c", Configuration, "-o", Directory, $"-p:PackageVersion={Version}", "-nr:false", "-v:m");
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(Directory, $"TrustCheck.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"dotnet pack of TrustCheck failed: {result}");
        }
    }

    public void Delete()
    {
        TryDelete(InstalledPackageDirectory);
        TryDelete(Directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless, a failed cleanup must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
