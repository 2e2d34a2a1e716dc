using SharpFuzz;
using TrustCheck.Fuzz.Formats;

// trustcheck-fuzz-formats <target> [libfuzzer|afl]           run under libFuzzer / AFL (instrument first: see README)
// trustcheck-fuzz-formats mutate <target|all> <seconds> [out]  built-in random-mutation loop over corpus seeds
if (args.Length >= 3 && args[0] == "mutate")
{
    var corpus = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared", "corpus"));
    var output = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "trustcheck-fuzz-findings");
    var targets = args[1] == "all" ? FormatTargets.All.Keys.ToArray() : [args[1]];
    var seconds = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var exit = 0;
    foreach (var target in targets)
    {
        var seeds = FormatTargets.Seeds[target]
            .Select(s => Path.Combine(corpus, s))
            .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p])
            .Where(f => new FileInfo(f).Length <= 4 * 1024 * 1024)
            .Select(File.ReadAllBytes)
            .Concat(FormatTargets.SyntheticSeeds(target))
            .ToList();
        exit |= MutationLoop.Run(target, FormatTargets.All[target], seeds, TimeSpan.FromSeconds(seconds), output, randomSeed: target.Sum(c => c));
    }

    return exit;
}

if (args.Length >= 1 && FormatTargets.All.TryGetValue(args[0], out var action))
{
    if (args.Length > 1 && args[1] == "afl")
    {
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            action(copy.ToArray());
        });
    }
    else
    {
        Fuzzer.LibFuzzer.Run(span => action(span.ToArray()));
    }

    return 0;
}

Console.Error.WriteLine("usage: trustcheck-fuzz-formats <" + string.Join('|', FormatTargets.All.Keys) + "> [libfuzzer|afl]\n       trustcheck-fuzz-formats mutate <target|all> <seconds> [output-folder]");
return 2;

static string FindRepoRoot()
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
