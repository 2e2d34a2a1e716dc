using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using TrustCheck.Core;
using TrustCheck.Core.Declarations;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Models;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Benchmarks;

/// <summary>
/// What each --format costs on top of a `check` of samples/ModelApp (44 packages, 1 model, the sample's findings):
/// serializing the real report, and pointing its findings at their declaring lines. Budget: ≤ 10 ms per format.
/// The sample is restored first when needed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ReportWriterBenchmarks
{
    private Report _report = null!;
    private CheckContext _context = null!;
    private IReadOnlyList<Finding> _findings = [];
    private string _repo = "";

    [GlobalSetup]
    public void Setup()
    {
        _repo = RepoPaths.Root;
        var project = Path.Combine(_repo, "samples", "ModelApp", "ModelApp.csproj");
        if (!File.Exists(Path.Combine(_repo, "samples", "ModelApp", "obj", "project.assets.json")))
        {
            using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", project]) { UseShellExecute = false })!;
            restore.WaitForExit();
        }

        var options = new CheckOptions { ProjectPath = project, DiscoverModelsInProject = true, WorkingDirectory = _repo };
        _report = TrustCheckEngine.Check(options);
        _context = TrustCheckEngine.CreateContext(options);
        PackageCheck.Run(_context);
        ModelCheck.Run(_context);
        _findings = _context.Findings.Findings;
        if (_report.Findings.Count == 0)
        {
            throw new InvalidOperationException("the sample has no findings: nothing to measure");
        }
    }

    [Benchmark(Baseline = true, Description = "json")]
    public string Json() => ReportJson.Serialize(_report);

    [Benchmark(Description = "text")]
    public string Text()
    {
        using var writer = new StringWriter();
        TextReportWriter.Write(_report, writer, color: false);
        return writer.ToString();
    }

    [Benchmark(Description = "sarif")]
    public string Sarif() => SarifReportWriter.Serialize(_report, _repo);

    [Benchmark(Description = "cyclonedx")]
    public string CycloneDx() => CycloneDxReportWriter.Serialize(_report);

    [Benchmark(Description = "markdown")]
    public string Markdown() => MarkdownReportWriter.Serialize(_report);

    [Benchmark(Description = "declaration lines (csproj + Directory.*.props)")]
    public IReadOnlyList<Finding> Declarations() => DeclarationLocator.Attach(_context, _findings);
}
