using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>TC4005: a build with TrustCheck whose facts file is missing says so once, instead of TC4001/TC4004 going quiet.</summary>
public class MissingFactsTests
{
    private const string TwoLoads = """
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            // Both loads in one method: members are analyzed concurrently, so "first" is only defined within one body.
            (InferenceSession, InferenceSession) Load() =>
                ({|#0:new InferenceSession("models/a.onnx")|}, new InferenceSession("models/b.onnx"));
        }
        """;

    private static DiagnosticResult MissingFacts() =>
        new DiagnosticResult("TC4005", DiagnosticSeverity.Info).WithLocation(0).WithArguments("trustcheck.facts.txt");

    [Fact]
    public Task Missing_facts_file_is_reported_once_at_the_first_model_load() =>
        Verify.AnalyzerInTrustCheckBuildAsync(TwoLoads, facts: null, expected: MissingFacts());

    [Fact]
    public Task Facts_file_present_means_no_notice() =>
        Verify.AnalyzerInTrustCheckBuildAsync(TwoLoads.Replace("{|#0:", "").Replace("|}", ""), With(Declared("models/a.onnx"), Declared("models/b.onnx")));

    [Fact]
    public Task TrustCheckEnabled_false_writes_no_facts_and_expects_none() =>
        Verify.AnalyzerInTrustCheckBuildAsync(TwoLoads.Replace("{|#0:", "").Replace("|}", ""), facts: null, enabled: "false");

    [Fact]
    public Task Code_without_model_loads_needs_no_facts() => Verify.AnalyzerInTrustCheckBuildAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            string Name() => nameof(InferenceSession);
        }
        """, facts: null);
}
