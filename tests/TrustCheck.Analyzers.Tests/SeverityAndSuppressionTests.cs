using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>Users turn rules off or up with .editorconfig, #pragma and the policy's "rules" section.</summary>
public class SeverityAndSuppressionTests
{
    private const string PickleLoad = """
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession(MARK);
        }
        """;

    [Fact]
    public Task Editorconfig_severity_none_silences_the_rule() => Verify.AnalyzerAsync(
        PickleLoad.Replace("MARK", "\"models/model.pt\""), editorConfig: "dotnet_diagnostic.TC4003.severity = none");

    [Fact]
    public Task Pragma_silences_the_rule() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
        #pragma warning disable TC4003 // reviewed: converted from a trusted export
            InferenceSession Load() => new InferenceSession("models/model.pt");
        #pragma warning restore TC4003
        }
        """);

    [Fact]
    public Task Policy_rule_none_silences_the_rule()
    {
        var facts = With(Declared("models/model.pt"));
        facts.RuleSeverities["TC4003"] = "none";
        return Verify.AnalyzerAsync(PickleLoad.Replace("MARK", "\"models/model.pt\""), facts);
    }

    [Fact]
    public Task Policy_rule_error_raises_the_rule()
    {
        var facts = With(Declared("models/model.pt"));
        facts.RuleSeverities["TC4003"] = "error";
        return Verify.AnalyzerAsync(PickleLoad.Replace("MARK", "{|#0:\"models/model.pt\"|}"), facts, null,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("TC4003", DiagnosticSeverity.Error).WithLocation(0)
                .WithArguments("models/model.pt", "'.pt' files are pickle-based",
                    "convert the weights to safetensors or ONNX (or GGUF for llama.cpp) and load that file instead"));
    }
}
