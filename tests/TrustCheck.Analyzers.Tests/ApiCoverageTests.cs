using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>Each model-loading API of Data/ModelApis.txt is recognised on the real library, at the argument that names the model.</summary>
public class ApiCoverageTests
{
    [Theory]
    [InlineData("using TorchSharp;", "torch.load({|TC4001:\"weights/tensor.dat\"|})")]
    [InlineData("using TorchSharp;", "torch.jit.load({|TC4001:\"weights/traced.dat\"|}, DeviceType.CPU, 0)")]
    [InlineData("using TorchSharp.PyBridge;", "Safetensors.LoadStateDict({|TC4001:\"weights/other.safetensors\"|})")]
    [InlineData("using Microsoft.ML.OnnxRuntimeGenAI;", "new Config({|TC4001:\"models/other-genai\"|})")]
    [InlineData("using Microsoft.ML.OnnxRuntimeGenAI;", "new Model({|TC4001:\"models/other-genai\"|})")]
    [InlineData("using LLama.Common;", "new ModelParams({|TC4001:\"models/other.gguf\"|}) { ContextSize = 2048 }")]
    [InlineData("using Microsoft.ML.OnnxRuntime;", "new InferenceSession({|TC4001:\"models/other.onnx\"|}, new SessionOptions())")]
    public Task Path_loaders_are_recognised(string usings, string expression) => Verify.AnalyzerAsync($$"""
        {{usings}}
        class App
        {
            object Load() => {{expression}};
        }
        """, With(Declared("models/phi.onnx")));

    [Theory]
    [InlineData("using OllamaSharp.Models;", "new GenerateRequest { Model = {|TC4004:\"gemma2:2b\"|} }")]
    [InlineData("using OllamaSharp.Models;", "new EmbedRequest { Model = {|TC4004:\"gemma2:2b\"|} }")]
    [InlineData("using OllamaSharp.Models;", "new PullModelRequest { Model = {|TC4002:{|TC4004:\"gemma2:2b\"|}|} }")]
    [InlineData("using Microsoft.Extensions.DependencyInjection; using Microsoft.SemanticKernel;",
        "new ServiceCollection().AddOpenAIChatCompletion({|TC4004:\"meta-llama/Llama-3.2-3B-Instruct\"|}, \"key\")")]
    [InlineData("using System.Net.Http; using Microsoft.ML.OnnxRuntime;",
        "new HttpRequestMessage(HttpMethod.Get, {|TC4002:\"https://huggingface.co/org/repo/resolve/main/model.onnx\"|})")]
    public Task Model_names_and_downloads_are_recognised(string usings, string expression) => Verify.AnalyzerAsync($$"""
        {{usings}}
        class App
        {
            object Use() => {{expression}};
        }
        """);
}
