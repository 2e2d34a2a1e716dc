using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>Values the constant evaluation follows (or refuses to) as real code writes them (issue 13's call sites).</summary>
public class ConstantValueTests
{
    [Fact]
    public Task Blank_path_names_no_model() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            // Weights loaded elsewhere; the parameters only carry settings (LLamaSharp's Kernel Memory text generator).
            ModelParams Settings() => new ModelParams("") { ContextSize = 2048 };
            ModelParams Blank() => new ModelParams("  ");
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Full_path_of_a_constant_file_name_is_that_file_under_the_working_folder() => Verify.AnalyzerAsync("""
        using System.IO;
        using Microsoft.ML;
        class App
        {
            private static string ModelPath = Path.GetFullPath("ReviewSentiment.zip");
            ITransformer Load(MLContext ml) => ml.Model.Load({|TC4001:ModelPath|}, out _);
            ITransformer Declared(MLContext ml) => ml.Model.Load(Path.GetFullPath("models/phi.onnx"), out _);
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Private_field_assigned_after_its_initializer_is_run_time() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            private static string ModelPath = "first.zip";
            private string _other = "second.zip";
            public string Shared = "third.zip";
            void Configure(string path) { ModelPath = path; this._other = path; }
            ITransformer A(MLContext ml) => ml.Model.Load(ModelPath, out _);
            ITransformer B(MLContext ml) => ml.Model.Load(_other, out _);
            ITransformer C(MLContext ml) => ml.Model.Load(Shared, out _);
        }
        """, With(Declared("models/phi.onnx")));
}
