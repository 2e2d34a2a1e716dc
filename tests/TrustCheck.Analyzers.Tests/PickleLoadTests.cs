using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>TC4003: pickle-based weights deserialized at run time.</summary>
public class PickleLoadTests
{
    [Fact]
    public Task PyBridge_load_py_is_reported_whatever_the_path() => Verify.AnalyzerAsync("""
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model, string path) => model.load_py({|TC4003:path|});
        }
        """);

    [Fact]
    public Task PyBridge_load_from_a_stream_is_reported() => Verify.AnalyzerAsync("""
        using System.IO;
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model, Stream weights) => model.load_py({|#0:weights|});
        }
        """, expected: Verify.Diagnostic("TC4003").WithLocation(0).WithArguments("weights",
            "TorchSharp.PyBridge load_py unpickles PyTorch checkpoints",
            "convert the weights to safetensors or ONNX (or GGUF for llama.cpp) and load that file instead"));

    [Fact]
    public Task PyTorch_unpickler_is_reported() => Verify.AnalyzerAsync("""
        using TorchSharp.PyBridge;
        class App
        {
            object Load() => PyTorchUnpickler.UnpickleStateDict({|TC4003:"weights/pytorch_model.bin"|});
        }
        """);

    [Fact]
    public Task PyBridge_load_safetensors_is_not_reported() => Verify.AnalyzerAsync("""
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model) => model.load_safetensors("weights/model.safetensors");
        }
        """);

    [Theory]
    [InlineData("models/classifier.pt")]
    [InlineData("models/classifier.pth")]
    [InlineData("models/classifier.ckpt")]
    [InlineData("models/classifier.pkl")]
    public Task Pickle_extension_given_to_a_loader_is_reported(string path) => Verify.AnalyzerAsync($$"""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession({|TC4003:"{{path}}"|});
        }
        """);

    [Fact]
    public Task Bin_file_given_to_a_torch_loader_is_reported() => Verify.AnalyzerAsync("""
        using TorchSharp;
        class App
        {
            void Load(torch.nn.Module model) => model.load({|TC4003:"weights/pytorch_model.bin"|});
        }
        """);

    [Fact]
    public Task Bin_file_given_to_a_non_torch_loader_is_not_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession("models/model.bin");
        }
        """);

    [Fact]
    public Task Locked_format_overrides_the_extension() => Verify.AnalyzerAsync("""
        using TorchSharp;
        class App
        {
            void Safe(torch.nn.Module model) => model.load("weights/model.bin");
            void Unsafe(torch.nn.Module model) => model.load({|TC4003:"weights/exported.dat"|});
        }
        """, With(Locked("weights/model.bin", format: "torchsharp"), Locked("weights/exported.dat", format: "pytorch")));

    [Fact]
    public Task Safetensors_and_onnx_paths_are_not_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML.OnnxRuntime;
        using TorchSharp.PyBridge;
        class App
        {
            InferenceSession Onnx() => new InferenceSession("models/model.onnx");
            object Tensors() => Safetensors.LoadStateDict("models/model.safetensors");
        }
        """);

    [Fact]
    public Task Declared_safe_sibling_is_named_in_the_message() => Verify.AnalyzerAsync("""
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model) => model.load_py({|#0:"weights/model.pt"|});
        }
        """, With(Declared("weights/model.pt"), Declared("weights/model.safetensors")), null,
        Verify.Diagnostic("TC4003").WithLocation(0).WithLocation(0).WithArguments("weights/model.pt",
            "TorchSharp.PyBridge load_py unpickles PyTorch checkpoints",
            "the project declares 'weights/model.safetensors' beside it: load that instead with load_safetensors"));
}
