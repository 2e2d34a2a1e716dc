using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrustCheck.Analyzers.Facts;

/// <summary>
/// TC4005, once per compilation: the build that installed TrustCheck should have passed a facts file, and none could be
/// read (deleted obj/, a read-only obj/, a project never built). Without it TC4001 and TC4004 cannot tell declared models
/// from others and go quiet; saying so beats a silent pass. Only where TrustCheck's build targets ran (the
/// TrustCheckEnabled build property reaches the analyzer), so a plain compilation without the package is never nagged.
/// </summary>
internal sealed class MissingFactsNotice
{
    /// <summary>The MSBuild property TrustCheck.props makes visible to the compiler.</summary>
    public const string EnabledProperty = "build_property.TrustCheckEnabled";

    private readonly bool _factsExpected;
    private int _reported;

    public MissingFactsNotice(AnalyzerOptions options)
    {
        _factsExpected = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(EnabledProperty, out var enabled)
            && string.Equals(enabled?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>At the first model call site that needed the facts; later ones stay quiet.</summary>
    public void ReportIfMissing(ProjectFacts? facts, Location location, Action<Diagnostic> report)
    {
        if (facts is null && _factsExpected && Interlocked.Exchange(ref _reported, 1) == 0)
        {
            report(Diagnostic.Create(Descriptors.FactsFileMissing, location, AnalyzerFactsFileName));
        }
    }

    private static string AnalyzerFactsFileName => TrustCheck.Facts.AnalyzerFactsFormat.FileName;
}
