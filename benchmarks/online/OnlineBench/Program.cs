using System.Diagnostics;
using System.Globalization;
using TrustCheck.Core;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Online;
using TrustCheck.Tests.Online;

// Times the online stage (OnlinePackageCheck.Run) for the packages of samples/ModelApp against a loopback v3 feed that
// has every one of them (a few deprecated or vulnerable, each with a newer version under another license):
//   cold (first in process)  : empty cache, first online stage of this process (JIT, NuGet.Protocol start-up included)
//   cold (warm process)      : empty cache again, the process has done it before
//   cached                   : every answer from the disk cache
//   cached (first in process): with a second argument (a cache folder kept between processes, see run.sh), the first
//                              online stage of a new process answered entirely from that cache
// Only the online stage is timed; the offline package stage (reading package folders) runs before each timing.
//   --mirror [delay ms]       : the feed like this machine's NuGet mirror: no search service, no .nuspec files,
//                              registrations without licenses, every answer delayed (default 700 ms, the mirror's
//                              measured latency): cold and cached online stage with 16 packages in flight
//   --cli trustcheck.dll [runs]: whole processes instead, interleaved: `check` (offline), `check --online` with a filled
//                              cache, `check --online` with an empty cache (the CLI's Release build is ReadyToRun)
var cli = args.Length > 1 && args[0] == "--cli" ? Path.GetFullPath(args[1]) : null;
TimeSpan? mirrorDelay = args.Length > 0 && args[0] == "--mirror"
    ? TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 700)
    : null;
var iterations = mirrorDelay is not null ? 10 : cli is not null ? (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10)
    : args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var persistentCache = cli is null && mirrorDelay is null && args.Length > 1 ? Path.GetFullPath(args[1]) : null;
// A fixed port keeps the source URL, and so the cache keys, the same in every process.
const int FeedPort = 47391;
var repo = FindRepoRoot();
var sample = Path.Combine(repo, "samples", "ModelApp");
var assets = Path.Combine(sample, "obj", "project.assets.json");
if (!File.Exists(assets))
{
    Run("dotnet", "restore", sample, "--verbosity", "quiet");
}

var resolved = ProjectAssetsReader.Read(assets).Packages;
var feedPackages = new List<FeedPackage>();
for (var i = 0; i < resolved.Count; i++)
{
    var package = resolved[i];
    var version = package.Version.ToNormalizedString();
    feedPackages.Add(new FeedPackage
    {
        Id = package.Id,
        Version = version,
        LicenseExpression = mirrorDelay is null ? "MIT" : null,
        DeprecationReasons = i % 7 == 0 ? ["Legacy"] : null,
        DeprecationMessage = i % 7 == 0 ? "Use the next major version." : null,
        Vulnerabilities = i % 5 == 0 ? [(2, $"https://github.com/advisories/GHSA-bench-{i:0000}-0001")] : [],
    });
    feedPackages.Add(new FeedPackage { Id = package.Id, Version = $"{package.Version.Major + 100}.0.0", LicenseExpression = mirrorDelay is null ? "BUSL-1.1" : null });
}

using var feed = new LoopbackNuGetFeed(feedPackages, resolved.ToDictionary(p => p.Id, _ => (new[] { "owner" }, true)), FeedPort)
{
    HasSearch = mirrorDelay is null,
    HasNuspecs = mirrorDelay is null,
};
var project = Path.Combine(Path.GetTempPath(), $"trustcheck-online-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(Path.Combine(project, "obj"));
File.Copy(Path.Combine(sample, "ModelApp.csproj"), Path.Combine(project, "ModelApp.csproj"));
File.Copy(assets, Path.Combine(project, "obj", "project.assets.json"));
feed.WriteNuGetConfig(project);

if (cli is not null)
{
    var filled = Path.Combine(project, "cli-cache");
    RunCli(cli, project, filled, online: true);
    var offlineTimes = new List<TimeSpan>();
    var cachedTimes = new List<TimeSpan>();
    var coldTimes = new List<TimeSpan>();
    for (var i = 0; i < iterations; i++)
    {
        offlineTimes.Add(RunCli(cli, project, filled, online: false));
        cachedTimes.Add(RunCli(cli, project, filled, online: true));
        coldTimes.Add(RunCli(cli, project, Path.Combine(project, "cli-cache-" + i), online: true));
    }

    Console.WriteLine($"whole process, {resolved.Count} packages, {iterations} runs each (median / min):");
    Console.WriteLine($"  check                   {Median(offlineTimes):0} / {offlineTimes.Min(t => t.TotalMilliseconds):0} ms");
    Console.WriteLine($"  check --online, cached  {Median(cachedTimes):0} / {cachedTimes.Min(t => t.TotalMilliseconds):0} ms");
    Console.WriteLine($"  check --online, cold    {Median(coldTimes):0} / {coldTimes.Min(t => t.TotalMilliseconds):0} ms");
    return;
}

if (mirrorDelay is { } delay)
{
    feed.Delay = delay;
    var mirrorCold = TimeOnline(project, NewCache(project), mirror: true);
    var coldRequests = feed.RequestCount;
    var coldAgain = Enumerable.Range(0, 3).Select(_ => TimeOnline(project, NewCache(project), mirror: true)).ToList();
    var mirrorCache = NewCache(project);
    TimeOnline(project, mirrorCache, mirror: true);
    var beforeCached = feed.RequestCount;
    var mirrorCached = Enumerable.Range(0, iterations).Select(_ => TimeOnline(project, mirrorCache, mirror: true)).ToList();
    Console.WriteLine($"mirror-like feed ({delay.TotalMilliseconds:0} ms per answer, no search, no .nuspec): {resolved.Count} packages, {coldRequests} requests cold, {feed.RequestCount - beforeCached} cached");
    Console.WriteLine($"cold (first in process): {mirrorCold.TotalMilliseconds:0} ms; cold (warm process): median {Median(coldAgain):0} ms");
    Console.WriteLine($"cached:                  median {Median(mirrorCached):0.0} ms, min {mirrorCached.Min(t => t.TotalMilliseconds):0.0} ms ({iterations} runs)");
    Directory.Delete(project, recursive: true);
    return;
}

if (persistentCache is not null)
{
    var warm = Directory.Exists(persistentCache);
    var first = TimeOnline(project, persistentCache);
    Console.WriteLine(warm
        ? $"cached (first in process): {first.TotalMilliseconds:0.0} ms, feed requests: {feed.RequestCount}"
        : $"(filled {persistentCache} in {first.TotalMilliseconds:0.0} ms)");
    if (feed.RequestCount > 0 && warm)
    {
        throw new InvalidOperationException("the persistent cache did not answer everything");
    }

    return;
}

var coldFirst = TimeOnline(project, NewCache(project));
var requestsPerColdRun = feed.RequestCount;
var cold = Enumerable.Range(0, iterations).Select(_ => TimeOnline(project, NewCache(project))).ToList();
var cache = NewCache(project);
TimeOnline(project, cache);
var before = feed.RequestCount;
var cached = Enumerable.Range(0, iterations).Select(_ => TimeOnline(project, cache)).ToList();
var cachedRequests = feed.RequestCount - before;

Console.WriteLine($"packages: {resolved.Count} (samples/ModelApp), feed requests per cold run: {requestsPerColdRun}, during cached runs: {cachedRequests}");
Console.WriteLine($"cold (first in process): {coldFirst.TotalMilliseconds:0.0} ms");
Console.WriteLine($"cold (warm process):     median {Median(cold):0.0} ms, min {cold.Min(t => t.TotalMilliseconds):0.0} ms ({iterations} runs)");
Console.WriteLine($"cached:                  median {Median(cached):0.0} ms, min {cached.Min(t => t.TotalMilliseconds):0.0} ms ({iterations} runs)");
Directory.Delete(project, recursive: true);

static TimeSpan TimeOnline(string project, string cacheDirectory, bool mirror = false)
{
    var options = new CheckOptions
    {
        ProjectPath = project,
        Offline = false,
        OnlineCacheDirectory = cacheDirectory,
        LockFilePath = Path.Combine(project, "trustcheck.lock.json"),
        WorkingDirectory = project,
    };
    var context = TrustCheckEngine.CreateContext(options);
    PackageCheck.Run(context);
    var stopwatch = Stopwatch.StartNew();
    OnlinePackageCheck.Run(context);
    stopwatch.Stop();
    if (context.Packages.Count(p => p.Online is not null) != context.Packages.Count || context.Findings.Findings.Count(f => f.RuleId == TrustCheck.Rules.RuleIds.OnlineLookupUnavailable) != (mirror ? 1 : 0))
    {
        throw new InvalidOperationException("not every package was answered: " + string.Join(" | ", context.Findings.Findings.Select(f => f.Message)));
    }

    return stopwatch.Elapsed;
}

static TimeSpan RunCli(string cli, string project, string cacheRoot, bool online)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project };
    foreach (var argument in new[] { cli, "check", project, "--no-restore", "--format", "json" })
    {
        start.ArgumentList.Add(argument);
    }

    if (online)
    {
        start.ArgumentList.Add("--online");
    }

    start.Environment["TRUSTCHECK_CACHE_DIR"] = cacheRoot;
    var stopwatch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    stopwatch.Stop();
    if (process.ExitCode > 1 || (online && !output.Result.Contains("\"online\"", StringComparison.Ordinal)) || output.Result.Contains("TC2007", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"trustcheck exited {process.ExitCode}: {error}");
    }

    return stopwatch.Elapsed;
}

static string NewCache(string project) => Path.Combine(project, "cache-" + Guid.NewGuid().ToString("N"));

static double Median(List<TimeSpan> times)
{
    var sorted = times.Select(t => t.TotalMilliseconds).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Run(string file, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}");
    }
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "TrustCheck.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("TrustCheck.sln not found");
}
