using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Tests.Verification;

/// <summary>Runs <see cref="ModelCallSiteAnalyzer"/> (and a code fix) on C# source that binds the real ML libraries.</summary>
internal static class Verify
{
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    /// <summary>Markup: <c>{|TC4002:…|}</c> marks where a diagnostic is expected; everything else must be quiet.</summary>
    public static Task AnalyzerAsync(string source, AnalyzerFacts? facts = null, string? editorConfig = null, params DiagnosticResult[] expected) =>
        CreateTest<EmptyCodeFixProvider>(source, facts, editorConfig, expected).RunAsync();

    /// <summary>Several source files in one compilation (global usings, partial types).</summary>
    public static Task AnalyzerAsync(string[] sources, AnalyzerFacts? facts = null)
    {
        var test = CreateTest<EmptyCodeFixProvider>(sources[0], facts, editorConfig: null, Array.Empty<DiagnosticResult>());
        for (var i = 1; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        }

        return test.RunAsync();
    }

    /// <summary>
    /// As compiled by a build that imported TrustCheck's targets: TrustCheck.props makes TrustCheckEnabled visible to
    /// the compiler (<paramref name="enabled"/>), and <paramref name="facts"/> is the facts file the build passed, if any.
    /// </summary>
    public static Task AnalyzerInTrustCheckBuildAsync(string source, AnalyzerFacts? facts, string enabled = "true", params DiagnosticResult[] expected)
    {
        var test = CreateTest<EmptyCodeFixProvider>(source, facts, editorConfig: null, expected);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.TrustCheckEnabled = {enabled}\n"));
        return test.RunAsync();
    }

    /// <summary>A compilation that references only the framework, like most projects a user builds.</summary>
    public static Task AnalyzerWithoutMlLibrariesAsync(string source, AnalyzerFacts? facts = null)
    {
        var test = CreateTest<EmptyCodeFixProvider>(source, facts, editorConfig: null, Array.Empty<DiagnosticResult>());
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, AnalyzerFacts facts, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = CreateTest<TCodeFix>(source, facts, editorConfig: null, Array.Empty<DiagnosticResult>());
        test.FixedCode = fixedSource;
        if (iterations is { } count)
        {
            test.NumberOfFixAllIterations = count;
        }

        return test.RunAsync();
    }

    private static Test<TCodeFix> CreateTest<TCodeFix>(string source, AnalyzerFacts? facts, string? editorConfig, DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new()
    {
        // TC4001 has two message shapes (a model file, a remote model): markup means the first, the file one.
        var test = new Test<TCodeFix> { TestCode = source, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        if (facts is not null)
        {
            test.TestState.AdditionalFiles.Add(("/project/obj/Debug/net10.0/" + AnalyzerFactsFormat.FileName, AnalyzerFactsFormat.Write(facts)));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private sealed class Test<TCodeFix> : CSharpCodeFixTest<ModelCallSiteAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.Framework);
            TestState.AdditionalReferences.AddRange(TestReferences.MlLibraries);
            TestState.AdditionalReferences.AddRange(StubLibraries.All);
            FixedState.AdditionalReferences.AddRange(TestReferences.Framework);
            FixedState.AdditionalReferences.AddRange(TestReferences.MlLibraries);
            FixedState.AdditionalReferences.AddRange(StubLibraries.All);
        }
    }
}
