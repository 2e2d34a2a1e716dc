using System.Diagnostics;

namespace TrustCheck.Benchmarks.Ide;

/// <summary>
/// A copy of samples/ModelApp in a temporary folder that references a packed TrustCheck (the same layout as
/// benchmarks/msbuild/design-time.sh: the repository's Directory.Packages.props plus the TrustCheck version, a
/// Directory.Build.props with the package reference, a nuget.config with the feed), restored.
/// </summary>
internal sealed class ModelAppConsumer : IDisposable
{
    private readonly string _work;
    private readonly bool _packedHere;

    private ModelAppConsumer(string work, string version, bool packedHere)
    {
        _work = work;
        Version = version;
        _packedHere = packedHere;
    }

    public string Version { get; }

    public string ProjectPath => Path.Combine(_work, "app", "ModelApp.csproj");

    /// <summary>Where restore extracts the package; its analyzer references are TrustCheck's.</summary>
    public string InstalledPackageDirectory => Path.Combine(GlobalPackagesFolder, "trustcheck", Version);

    private static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static async Task<ModelAppConsumer> PackAndCreateAsync()
    {
        // A unique version, so the global packages folder can never serve a copy from an earlier build.
        var version = $"0.1.0-idebench.{DateTime.UtcNow.Ticks}";
        var feed = Path.Combine(Path.GetTempPath(), $"trustcheck-idebench-feed-{version}");
        Directory.CreateDirectory(feed);
        Console.Error.WriteLine($"packing TrustCheck {version}");
        await DotnetAsync(RepoRoot, "pack", Path.Combine(RepoRoot, "src", "TrustCheck.Build", "TrustCheck.Build.csproj"),
            "-c", "Release", "-o", feed, $"-p:PackageVersion={version}", $"-p:NuspecOutputPath={feed}{Path.DirectorySeparatorChar}", "-nr:false", "-v:q");
        var consumer = await CreateAsync(feed, version, packedHere: true);
        return consumer;
    }

    public static async Task<ModelAppConsumer> CreateAsync(string feed, string version, bool packedHere)
    {
        var work = Path.Combine(Path.GetTempPath(), $"trustcheck-idebench-{Guid.NewGuid():N}");
        var consumer = new ModelAppConsumer(work, version, packedHere);
        var app = Path.Combine(work, "app");
        CopyDirectory(Path.Combine(RepoRoot, "samples", "ModelApp"), app);
        var packagesProps = File.ReadAllText(Path.Combine(RepoRoot, "Directory.Packages.props"));
        var at = packagesProps.LastIndexOf("</Project>", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), packagesProps[..at]
            + $"  <ItemGroup><PackageVersion Include=\"TrustCheck\" Version=\"{version}\" /></ItemGroup>\n</Project>\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), """
            <Project>
              <!-- What the repository's Directory.Build.props gives the sample, plus the package under test. -->
              <PropertyGroup><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><PackageReference Include="TrustCheck" PrivateAssets="all" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="trustcheck-idebench" value="{feed}" /></packageSources></configuration>
            """);
        Console.Error.WriteLine($"restoring {consumer.ProjectPath}");
        await DotnetAsync(app, "restore", "ModelApp.csproj", "-nr:false", "-v:q");
        if (!Directory.Exists(consumer.InstalledPackageDirectory))
        {
            throw new InvalidOperationException($"restore did not install TrustCheck {version} in {consumer.InstalledPackageDirectory}");
        }

        return consumer;
    }

    public void Dispose()
    {
        TryDelete(_work);
        if (_packedHere)
        {
            TryDelete(InstalledPackageDirectory);
            TryDelete(Path.Combine(Path.GetTempPath(), $"trustcheck-idebench-feed-{Version}"));
        }
    }

    private static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustCheck.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrustCheck.sln not found above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
