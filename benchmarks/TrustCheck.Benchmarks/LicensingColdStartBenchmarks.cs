using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Benchmarks;

/// <summary>
/// What a fresh CLI process pays for license-file identification of a typical project: JIT, loading the embedded
/// license texts, building the template index, then 40 identifications. Each launch is a new process and measures
/// only its first invocation.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 10, warmupCount: 0, iterationCount: 1)]
public class LicensingColdStartBenchmarks
{
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        // Real license files: the corpus's, then those of packages in the global packages folder, 40 in all.
        var corpus = Path.Combine(RepoRoot(), "..", "shared", "corpus");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var files = Directory.EnumerateFiles(corpus, "LICENSE*", SearchOption.AllDirectories)
            .Concat(Directory.Exists(packages)
                ? Directory.EnumerateDirectories(packages).SelectMany(p => Directory.EnumerateDirectories(p))
                    .SelectMany(v => Directory.EnumerateFiles(v, "licen*", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }))
                : [])
            .Take(40)
            .ToArray();
        _texts = files.Select(File.ReadAllText).ToArray();
    }

    [Benchmark(Description = "Identify 40 license files, first call in a fresh process")]
    public int IdentifyFortyColdStart()
    {
        var identified = 0;
        foreach (var text in _texts)
        {
            if (LicenseTextIdentifier.Identify(text) is not null)
            {
                identified++;
            }
        }

        return identified;
    }

    private static string RepoRoot()
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
}
