using System.Diagnostics;
using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;

// ModelBench hash FILE [runs]     SHA-256 throughput of FileHasher (best of runs, page cache warm)
// ModelBench hash-progress FILE [runs]  the same with the CLI's progress hook attached (HashingProgress, texts discarded)
// ModelBench inspect FILE [runs]  format detection + the format's reader only (no hashing): header-only metadata cost
// ModelBench scan DIR [runs]      the whole model stage in-process: first run (JIT included) and best warm run
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ModelBench hash|inspect FILE [runs]");
    return 2;
}

var file = Path.GetFullPath(args[1]);
var runs = args.Length > 2 ? int.Parse(args[2]) : 5;
if (args[0] == "scan")
{
    var times = new List<double>();
    var models = 0;
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        var options = new TrustCheck.Core.CheckOptions { WorkingDirectory = file, LockFilePath = Path.Combine(Path.GetTempPath(), "trustcheck-bench.lock.json") };
        options.ModelPaths.Add(file);
        models = TrustCheck.Core.TrustCheckEngine.Check(options).Models.Count;
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"{models} models; first run {times[0]:0.0} ms (JIT included), best warm run {times.Skip(1).DefaultIfEmpty(times[0]).Min():0.0} ms");
    return 0;
}

var size = new FileInfo(file).Length;
var progressTexts = 0;
var progress = new HashingProgress(new Progress<string>(_ => Interlocked.Increment(ref progressTexts)));
var best = double.MaxValue;
string result = "";
for (var i = 0; i < runs; i++)
{
    var watch = Stopwatch.StartNew();
    result = args[0] switch
    {
        "hash" => FileHasher.Sha256(file),
        "hash-progress" => FileHasher.Sha256(file, progress.ForFile(file, size)),
        "inspect" => Inspect(file),
        _ => throw new ArgumentException("mode must be hash, hash-progress or inspect"),
    };
    best = Math.Min(best, watch.Elapsed.TotalSeconds);
}

Console.WriteLine(args[0].StartsWith("hash", StringComparison.Ordinal)
    ? $"{result}  {file}\nbest {best:0.000} s, {size / best / 1e6:0} MB/s over {size} bytes ({runs} runs)"
    : $"{result}\nbest {best * 1000:0.00} ms for a {size / 1e9:0.0} GB file ({runs} runs)");
return 0;

static string Inspect(string path)
{
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.RandomAccess);
    var detected = FormatDetector.Detect(stream, path);
    var reader = ModelReaders.For(detected.Format);
    if (reader is null)
    {
        return $"format {detected.Format} ({detected.Evidence}); no reader registered";
    }

    stream.Position = 0;
    var inspection = reader.Inspect(stream, path);
    return $"format {inspection.Format}, {inspection.Metadata.Count} metadata keys, {inspection.Issues.Count} issues";
}
