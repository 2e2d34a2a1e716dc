using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace TrustCheck.Benchmarks.Ide;

/// <summary>Opens the consumer in MSBuildWorkspace and times GetAnalyzerDiagnosticsAsync over all its analyzers.</summary>
internal static class AnalyzerShareRun
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(ModelAppConsumer consumer, int runs)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}");
        using var workspace = MSBuildWorkspace.Create();
        var open = Stopwatch.StartNew();
        var project = await workspace.OpenProjectAsync(consumer.ProjectPath);
        Console.WriteLine($"OpenProjectAsync (design-time build): {open.ElapsedMilliseconds} ms");
        // The workspace reports restore warnings as failures too (NU1603 from the mirror's nearest versions, which
        // ModelApp's Semantic Kernel / Azure packages get): shown, not fatal; the compilation below must have no error.
        foreach (var diagnostic in workspace.Diagnostics)
        {
            Console.WriteLine($"workspace {diagnostic.Kind}: {diagnostic.Message}");
        }

        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the consumer does not compile: " + string.Join("\n", errors.Take(5)));
        }

        // Every analyzer the project's references bring (SDK analyzers, analyzers of referenced packages, TrustCheck's).
        var packagePrefix = consumer.InstalledPackageDirectory + Path.DirectorySeparatorChar;
        var byReference = project.AnalyzerReferences
            .Select(r => (IsTrustCheck: r.FullPath is { } path && path.StartsWith(packagePrefix, StringComparison.Ordinal),
                          Analyzers: r.GetAnalyzers(LanguageNames.CSharp)))
            .ToList();
        var all = byReference.SelectMany(r => r.Analyzers).Distinct().ToImmutableArray();
        var trustCheck = byReference.Where(r => r.IsTrustCheck).SelectMany(r => r.Analyzers).ToHashSet();
        if (trustCheck.Count == 0)
        {
            throw new InvalidOperationException("no TrustCheck analyzer was loaded from " + consumer.InstalledPackageDirectory);
        }

        Console.WriteLine($"analyzer references: {project.AnalyzerReferences.Count}, analyzers: {all.Length}, of them TrustCheck: {trustCheck.Count} "
            + $"({string.Join(", ", trustCheck.Select(a => a.GetType().Name).Order(StringComparer.Ordinal))})");
        Console.WriteLine($"source documents: {project.Documents.Count()}, additional: {project.AdditionalDocuments.Count()}");

        var warmUp = await MeasureAsync(compilation, project.AnalyzerOptions, all, trustCheck);
        Console.WriteLine($"warm-up (not counted): wall {warmUp.WallMs:F1} ms, all analyzers {warmUp.AllMs:F1} ms, TrustCheck {warmUp.TrustCheckMs:F2} ms, TC diagnostics {warmUp.TrustCheckDiagnostics}");
        Console.WriteLine();
        Console.WriteLine("run | wall ms | all analyzers ms | TrustCheck ms | TrustCheck / all | TrustCheck / wall | TC diagnostics");
        var measured = new List<Measurement>();
        for (var run = 1; run <= runs; run++)
        {
            var m = await MeasureAsync(compilation, project.AnalyzerOptions, all, trustCheck);
            measured.Add(m);
            Console.WriteLine(string.Create(Invariant,
                $"{run,3} | {m.WallMs,7:F1} | {m.AllMs,16:F1} | {m.TrustCheckMs,13:F2} | {m.ShareOfAll,15:P2} | {m.ShareOfWall,16:P2} | {m.TrustCheckDiagnostics}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"medians of {runs}: wall {Median(measured, m => m.WallMs):F1} ms, all analyzers {Median(measured, m => m.AllMs):F1} ms, "
            + $"TrustCheck {Median(measured, m => m.TrustCheckMs):F2} ms, TrustCheck / all {Median(measured, m => m.ShareOfAll):P2}, "
            + $"TrustCheck / wall {Median(measured, m => m.ShareOfWall):P2}"));
        Console.WriteLine(string.Create(Invariant, $"range TrustCheck / all: {measured.Min(m => m.ShareOfAll):P2} .. {measured.Max(m => m.ShareOfAll):P2}"));
        Console.WriteLine("costliest analyzers (median ms): " + string.Join(", ", all
            .Select(a => (Name: a.GetType().Name, Ms: Median(measured, m => m.PerAnalyzerMs[a])))
            .OrderByDescending(a => a.Ms).Take(5).Select(a => string.Create(Invariant, $"{a.Name} {a.Ms:F1}"))));
        Console.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static async Task<Measurement> MeasureAsync(Compilation compilation, AnalyzerOptions options,
        ImmutableArray<DiagnosticAnalyzer> all, HashSet<DiagnosticAnalyzer> trustCheck)
    {
        // A fresh CompilationWithAnalyzers each time: nothing of an earlier run's analysis state is reused.
        var withAnalyzers = compilation.WithAnalyzers(all,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var wall = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        wall.Stop();
        var perAnalyzer = new Dictionary<DiagnosticAnalyzer, double>();
        foreach (var analyzer in all)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            perAnalyzer[analyzer] = telemetry.ExecutionTime.TotalMilliseconds;
        }

        return new Measurement(wall.Elapsed.TotalMilliseconds, perAnalyzer.Values.Sum(),
            perAnalyzer.Where(p => trustCheck.Contains(p.Key)).Sum(p => p.Value),
            diagnostics.Count(d => d.Id.StartsWith("TC", StringComparison.Ordinal)), perAnalyzer);
    }

    private static double Median(IReadOnlyList<Measurement> runs, Func<Measurement, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Measurement(double WallMs, double AllMs, double TrustCheckMs, int TrustCheckDiagnostics,
        IReadOnlyDictionary<DiagnosticAnalyzer, double> PerAnalyzerMs)
    {
        public double ShareOfAll => AllMs == 0 ? 0 : TrustCheckMs / AllMs;

        public double ShareOfWall => TrustCheckMs / WallMs;
    }
}
