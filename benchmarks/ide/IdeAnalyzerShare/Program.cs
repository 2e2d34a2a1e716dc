// The TrustCheck analyzers' share of GetAnalyzerDiagnosticsAsync in an IDE-style host.
// Packs TrustCheck (or takes a feed folder + version), makes a consumer copy of samples/ModelApp that references the
// package, opens it with MSBuildWorkspace (design-time build in the BuildHost process, analyzers loaded from the
// package, as tests/TrustCheck.Ide.Tests does), then runs every analyzer of the project (SDK analyzers + TrustCheck's)
// with CompilationWithAnalyzers (concurrent, logAnalyzerExecutionTime) `runs` times, a fresh instance each time, after
// one warm-up run that is not counted. Prints per-run wall time, all analyzers' and TrustCheck's summed execution time,
// and the medians of the shares.
//
//   dotnet run -c Release --project benchmarks/ide/IdeAnalyzerShare -- [runs] [feed-folder version]
using Microsoft.Build.Locator;
using TrustCheck.Benchmarks.Ide;

var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
if (runs < 5 || args.Length is 2 or > 3)
{
    Console.Error.WriteLine("usage: IdeAnalyzerShare [runs (>= 5, default 20)] [feed-folder version]");
    return 2;
}

// Before any MSBuild or MSBuildWorkspace type is touched (they live in the methods called below).
MSBuildLocator.RegisterDefaults();

using var consumer = args.Length == 3
    ? await ModelAppConsumer.CreateAsync(Path.GetFullPath(args[1]), args[2], packedHere: false)
    : await ModelAppConsumer.PackAndCreateAsync();
await AnalyzerShareRun.RunAsync(consumer, runs);
return 0;
