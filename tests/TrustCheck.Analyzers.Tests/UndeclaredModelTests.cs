using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>TC4001: a model path loaded in code that the project does not declare or lock.</summary>
public class UndeclaredModelTests
{
    [Fact]
    public Task Onnx_session_on_an_undeclared_file_is_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession({|TC4001:"models/other.onnx"|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Onnx_session_on_a_declared_file_is_not_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession("models/phi.onnx");
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Without_a_facts_file_nothing_is_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession("models/other.onnx");
        }
        """);

    [Fact]
    public Task Message_names_the_path_and_the_fix() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession({|#0:"models/other.onnx"|});
        }
        """, With(Declared("models/phi.onnx")), null,
        Verify.Diagnostic("TC4001").WithLocation(0).WithArguments("models/other.onnx", ""));

    [Fact]
    public Task Const_field_path_is_resolved() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string ModelFile = "models/other.onnx";
            InferenceSession Load() => new InferenceSession({|TC4001:ModelFile|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Path_combine_under_the_base_directory_matches_the_declared_file() => Verify.AnalyzerAsync("""
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Declared() => new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models", "phi.onnx"));
            InferenceSession Other() => new InferenceSession({|TC4001:Path.Combine(AppContext.BaseDirectory, "models", "other.onnx")|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Interpolated_path_with_a_constant_version_is_resolved() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const int Version = 3;
            InferenceSession Load() => new InferenceSession({|TC4001:$"models/phi-v{Version}.onnx"|});
        }
        """, With(Declared("models/phi-v2.onnx")));

    [Fact]
    public Task Local_assigned_once_is_followed() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load()
            {
                var path = "models/" + "other.onnx";
                return new InferenceSession({|TC4001:path|});
            }
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Local_assigned_twice_is_not_guessed() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load(bool big)
            {
                var path = "models/other.onnx";
                if (big) path = "models/phi.onnx";
                return new InferenceSession(path);
            }
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Path_known_only_at_run_time_is_not_reported() => Verify.AnalyzerAsync("""
        using System;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession(Environment.GetEnvironmentVariable("MODEL")!);
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task File_inside_a_declared_model_folder_is_declared() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntimeGenAI;
        class App
        {
            Model Load() => new Model("models/phi3-mini");
            Config Config() => new Config("models/phi3-mini/genai_config.json");
        }
        """, With(Declared("models/phi3-mini")));

    [Fact]
    public Task Absolute_path_inside_the_project_matches_its_relative_declaration() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession("/src/app/models/phi.onnx");
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Path_differing_only_in_letter_case_is_reported_with_the_declared_spelling() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession({|#0:"Models/Phi.onnx"|});
        }
        """, With(Declared("models/phi.onnx")), null,
        // The second location is the literal the code fix rewrites.
        Verify.Diagnostic("TC4001").WithLocation(0).WithLocation(0).WithArguments("Models/Phi.onnx",
            " (the project declares 'models/phi.onnx', which differs only in letter case and fails on case-sensitive file systems)"));

    [Fact]
    public Task MLNet_model_load_is_checked() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            ITransformer Load(MLContext ml) => ml.Model.Load({|TC4001:"sentiment.zip"|}, out _);
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task MLNet_apply_onnx_model_is_checked() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            object Pipeline(MLContext ml) => ml.Transforms.ApplyOnnxModel({|TC4001:"models/resnet.onnx"|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task LLamaSharp_model_params_path_is_checked() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            ModelParams Params() => new ModelParams({|TC4001:"models/mistral-7b.Q4_K_M.gguf"|});
            ModelParams Set(ModelParams p) { p.ModelPath = {|TC4001:"models/other.gguf"|}; return p; }
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Same_method_names_on_unrelated_types_are_ignored() => Verify.AnalyzerAsync("""
        class InferenceSession { public InferenceSession(string modelPath) { } }
        class Model { public static object Load(string filePath, out object schema) { schema = null!; return null!; } }
        class App
        {
            object A() => new InferenceSession("models/other.onnx");
            object B() => Model.Load("models/other.pt", out _);
            static object Touch() => typeof(Microsoft.ML.OnnxRuntime.InferenceSession);
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task A_source_type_with_the_catalog_type_full_name_is_ignored() => Verify.AnalyzerAsync("""
        namespace TorchSharp.PyBridge
        {
            public static class PyBridgeModuleExtensions
            {
                public static object load_py(this object module, string location) => module;
            }
        }

        class App
        {
            object Load(object module) => TorchSharp.PyBridge.PyBridgeModuleExtensions.load_py(module, "models/other.pt");
            static object Touch() => typeof(Microsoft.ML.OnnxRuntime.InferenceSession);
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task A_type_reached_through_a_using_alias_is_recognised() => Verify.AnalyzerAsync("""
        using Session = Microsoft.ML.OnnxRuntime.InferenceSession;
        namespace App
        {
            using Params = LLama.Common.ModelParams;
            class Loader
            {
                Session Load() => new Session({|TC4001:"models/other.onnx"|});
                Params Settings() => new Params({|TC4001:"models/other.gguf"|});
                Session Declared() => new Session("models/phi.onnx");
            }
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task A_global_using_alias_in_another_file_is_recognised() => Verify.AnalyzerAsync(
        [
            """
            global using OnnxSession = Microsoft.ML.OnnxRuntime.InferenceSession;
            """,
            """
            class Loader
            {
                OnnxSession Load() => new OnnxSession({|TC4001:"models/other.onnx"|});
            }
            """,
        ], With(Declared("models/phi.onnx")));

    [Fact]
    public Task Generated_code_is_skipped() => Verify.AnalyzerAsync("""
        // <auto-generated/>
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession("models/other.pt");
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Target_typed_new_is_recognised() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new({|TC4001:"models/other.onnx"|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Target_typed_new_passed_as_an_argument_is_recognised() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            static InferenceSession Keep(InferenceSession session) => session;
            InferenceSession Load() => Keep(new({|TC4001:"models/other.onnx"|}));
            void Field() { InferenceSession local = new({|TC4001:"models/third.onnx"|}); }
        }
        """, With(Declared("models/phi.onnx")));
}
