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

    // ML.NET's Azure Functions sample: a readonly field set in the constructor, on two branches, to constant paths.
    private const string TwoBranchStartup = """
        using System;
        using System.IO;
        using Microsoft.ML;
        class Startup
        {
            private readonly string _modelPath;
            public Startup()
            {
                if (Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") == "Development")
                {
                    _modelPath = Path.Combine("MLModels", "sentiment_model.zip");
                }
                else
                {
                    string deploymentPath = @"D:\home\site\wwwroot\";
                    this._modelPath = Path.Combine(deploymentPath, "MLModels", "sentiment_model.zip");
                }
            }
            ITransformer Load(MLContext ml) => ml.Model.Load({|#0:_modelPath|}, out _);
        }
        """;

    [Fact]
    public Task Readonly_field_set_on_constructor_branches_is_reported_once() => Verify.AnalyzerAsync(TwoBranchStartup,
        With(Declared("models/phi.onnx")),
        expected: Verify.Diagnostic("TC4001").WithLocation(0).WithArguments("MLModels/sentiment_model.zip", ""));

    [Fact]
    public Task Readonly_field_set_on_constructor_branches_is_quiet_when_every_value_is_declared() =>
        Verify.AnalyzerAsync(TwoBranchStartup, With(Declared("MLModels/sentiment_model.zip")));

    [Fact]
    public Task Each_constructor_value_is_checked_and_the_undeclared_one_is_named() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            private readonly string _model;
            private static readonly string Shared;
            static App() { Shared = "models/shared.zip"; }
            App(bool small)
            {
                if (small) _model = "models/phi.onnx";
                else _model = "models/large.zip";
            }
            App() : this(true) { _model = "models/phi.onnx"; }
            ITransformer A(MLContext ml) => ml.Model.Load({|#0:_model|}, out _);
            ITransformer B(MLContext ml) => ml.Model.Load({|#1:Shared|}, out _);
        }
        """, With(Declared("models/phi.onnx")), expected: new[]
        {
            Verify.Diagnostic("TC4001").WithLocation(0).WithArguments("models/large.zip", ""),
            Verify.Diagnostic("TC4001").WithLocation(1).WithArguments("models/shared.zip", ""),
        });

    [Fact]
    public Task Readonly_field_set_on_constructor_branches_counts_in_a_property_set_too() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            private readonly string _weights;
            App(bool quantized)
            {
                if (quantized) { _weights = "models/phi.onnx"; } else { _weights = "models/tinyllama.Q8_0.gguf"; }
            }
            ModelParams Settings() => new ModelParams("") { ModelPath = {|#0:_weights|} };
        }
        """, With(Declared("models/phi.onnx")),
        expected: Verify.Diagnostic("TC4001").WithLocation(0).WithArguments("models/tinyllama.Q8_0.gguf", ""));

    [Fact]
    public Task Readonly_field_with_any_run_time_or_hidden_write_is_run_time() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            private readonly string _fromArgument;
            private readonly string _initialized = "models/first.zip";
            private readonly string _byOut;
            private readonly string _byTuple = "models/tuple.zip";
            App(string path, bool dev)
            {
                _fromArgument = dev ? "models/dev.zip" : path;
                if (!dev) _initialized = path;
                Fill(out _byOut);
                (_byTuple, var _) = (path, 1);
            }
            static void Fill(out string value) => value = "models/out.zip";
            ITransformer A(MLContext ml) => ml.Model.Load(_fromArgument, out _);
            ITransformer B(MLContext ml) => ml.Model.Load(_initialized, out _);
            ITransformer C(MLContext ml) => ml.Model.Load(_byOut, out _);
            ITransformer D(MLContext ml) => ml.Model.Load(_byTuple, out _);
        }
        """, With(Declared("models/phi.onnx")));
}
