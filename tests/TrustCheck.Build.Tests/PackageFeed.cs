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
        // Two test projects (Build.Tests, Ide.Tests) pack the same project when `dotnet test` runs them in parallel:
        // one pack at a time, and each writes its nuspec into its own feed folder instead of the shared obj/.
        using var packLock = await CrossProcessLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "trustcheck-e2e-pack.lock"));
        var result = await DotnetCli.RunAsync(TestPaths.RepoRoot,
            "pack", project, "-c", Configuration, "-o", Directory, $"-p:PackageVersion={Version}", $"-p:NuspecOutputPath={Directory}{Path.DirectorySeparatorChar}",
            "-nr:false", "-v:m");
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

/// <summary>An exclusive lock shared by processes: a file opened with no sharing, retried until it is free (bounded).</summary>
internal sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessLock(FileStream stream) => _stream = stream;

    public static async Task<CrossProcessLock> AcquireAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
