using System.Diagnostics;
using TrustCheck.Core;
using TrustCheck.Core.Facts;
using TrustCheck.Facts;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;

// What TrustCheckTask and TrustCheckWriteFactsTask do for one project, with the options CheckTaskBase builds, run over
// every restored project (*/*.csproj with obj/project.assets.json) of a folder, ROUNDS times in one process: round 1 is
// the node's first use, later rounds are a warm node. Prints per-project milliseconds (wall, and process CPU per round).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: TaskCost <folder of restored projects> [rounds=5]");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var projects = Directory.GetDirectories(root).Select(d => Directory.GetFiles(d, "*.csproj").FirstOrDefault())
    .Where(p => p is not null && File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "obj", "project.assets.json")))
    .Select(p => p!).Order(StringComparer.Ordinal).ToList();
Console.WriteLine($"{projects.Count} projects, {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

var process = Process.GetCurrentProcess();
for (var round = 1; round <= rounds; round++)
{
    // Each round is one build: the task keeps one package-folder scope per build (RegisterTaskObject, lifetime Build).
    var build = new TrustCheck.Core.Inventory.PackageFolderScope();
    double check = 0, report = 0, facts = 0;
    long reportBytes = 0;
    process.Refresh();
    var cpuStart = process.TotalProcessorTime;
    var gen2Start = GC.CollectionCount(2);
    var allocatedStart = GC.GetTotalAllocatedBytes();
    foreach (var project in projects)
    {
        var obj = Path.Combine(Path.GetDirectoryName(project)!, "obj");
        var start = Stopwatch.GetTimestamp();
        var options = Options(project, obj);
        options.PackageFolderScope = build;
        var result = TrustCheckEngine.Check(options);
        var checkedAt = Stopwatch.GetTimestamp();
        var reportAllocStart = GC.GetAllocatedBytesForCurrentThread();
        using (var buffer = new PooledBufferWriter(64 * 1024))
        {
            // As TrustCheckTask.WriteReport.
            ReportJson.WriteLine(result, buffer);
            AtomicFile.WriteAllBytesUnlessSame(Path.Combine(obj, "trustcheck.report.json"), buffer.WrittenSpan);
        }
        var reportedAt = Stopwatch.GetTimestamp();
        reportBytes += GC.GetAllocatedBytesForCurrentThread() - reportAllocStart;
        AnalyzerFactsWriter.Write(Path.Combine(obj, AnalyzerFactsFormat.FileName), Options(project, obj));
        var end = Stopwatch.GetTimestamp();
        check += Stopwatch.GetElapsedTime(start, checkedAt).TotalMilliseconds;
        report += Stopwatch.GetElapsedTime(checkedAt, reportedAt).TotalMilliseconds;
        facts += Stopwatch.GetElapsedTime(reportedAt, end).TotalMilliseconds;
    }

    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
    var n = projects.Count;
    Console.WriteLine($"round {round}: per project check {check / n:F2} ms, report write {report / n:F2} ms, facts {facts / n:F2} ms, " +
        $"total {(check + report + facts) / n:F2} ms wall, {cpu / n:F2} ms CPU; " +
        $"allocated {(GC.GetTotalAllocatedBytes() - allocatedStart) / 1024.0 / n:F0} KiB per project ({reportBytes / 1024.0 / n:F0} KiB in the report write), {GC.CollectionCount(2) - gen2Start} gen2 GCs");
}

// How much of a check's allocation is the project.assets.json read alone (NuGet's LockFile graph).
var assetsBytes = 0L;
foreach (var project in projects)
{
    var before = GC.GetAllocatedBytesForCurrentThread();
    TrustCheck.Core.Inventory.ProjectAssetsReader.Read(Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json"));
    assetsBytes += GC.GetAllocatedBytesForCurrentThread() - before;
}

Console.WriteLine($"project.assets.json read alone: {assetsBytes / 1024.0 / projects.Count:F0} KiB allocated per project");
return 0;

// As CheckTaskBase.CreateOptions: offline, no model discovery, the hash cache and the assets cache in obj/.
static CheckOptions Options(string project, string obj) => new()
{
    ProjectPath = project,
    AssetsCachePath = Path.Combine(obj, "trustcheck.assets.cache"),
    Offline = true,
    HashCachePath = Path.Combine(obj, "trustcheck.hashes.json"),
    WorkingDirectory = Path.GetDirectoryName(project)!,
    DiscoverModelsInProject = false,
};
