using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>
/// The model APIs real .NET AI code calls (issue 13), each at the argument that names the model. Whisper.net, LLamaSharp,
/// ONNX Runtime GenAI, OpenCvSharp and OllamaSharp are the real packages; Semantic Kernel's ONNX, Ollama and Hugging Face
/// connectors, Microsoft.Extensions.AI.Ollama and Microsoft.ML.GenAI are not served here and are stub assemblies with
/// the real assembly, namespace, type and parameter names (Verification/StubLibraries.cs).
/// </summary>
public class LibraryApiTests
{
    [Theory]
    // Whisper.net 1.9.1 (real)
    [InlineData("using Whisper.net;", "WhisperFactory.FromPath({|TC4001:\"models/ggml-base.bin\"|})")]
    [InlineData("using Whisper.net;", "WhisperFactory.FromPath({|TC4001:\"models/ggml-base.bin\"|}, new WhisperFactoryOptions())")]
    [InlineData("using Whisper.net; using System.IO;", "WhisperFactory.FromBuffer({|TC4001:File.ReadAllBytes(\"models/ggml-base.bin\")|})")]
    [InlineData("using Whisper.net;", "WhisperVadFactory.FromPath({|TC4001:\"models/ggml-silero-v6.2.0.bin\"|})")]
    [InlineData("using Whisper.net;", "new WhisperSpeechToTextClient({|TC4001:\"models/ggml-tiny.bin\"|})")]
    // LLamaSharp 0.30 (real): every LoadFromFile* that takes a path
    [InlineData("using LLama;", "MtmdWeights.LoadFromFileAsync({|TC4001:\"models/mmproj.gguf\"|}, null!, default)")]
    [InlineData("using LLama;", "MtmdWeights.LoadFromFile({|TC4001:\"models/mmproj.gguf\"|}, null!, default)")]
    [InlineData("using LLama.Native;", "SafeMtmdModelHandle.LoadFromFile({|TC4001:\"models/mmproj.gguf\"|}, null!, null)")]
    [InlineData("using LLama.Native;", "SafeLlamaModelHandle.LoadFromFile({|TC4001:\"models/other.gguf\"|}, default)")]
    // ONNX Runtime GenAI 0.18 (real)
    [InlineData("using Microsoft.ML.OnnxRuntimeGenAI;", "new OnnxRuntimeGenAIChatClient({|TC4001:\"models/phi-3-mini\"|})")]
    [InlineData("using Microsoft.ML.OnnxRuntimeGenAI;", "new Func<Adapters, object>(a => { a.LoadAdapter({|TC4001:\"models/adapter.onnx_adapter\"|}, \"a\"); return a; })")]
    // OpenCvSharp4 (real): every ReadNet* loader, on CvDnn and on Net
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromOnnx({|TC4001:\"models/yolo.onnx\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNet({|TC4001:\"models/east.pb\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromCaffe(\"models/deploy.prototxt\", {|TC4001:\"models/googlenet.caffemodel\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromDarknet(\"models/yolov3.cfg\", {|TC4001:\"models/yolov3.weights\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromTensorflow({|TC4001:\"models/frozen.pb\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromTorch({|TC4001:\"models/style.t7\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "Net.ReadNetFromONNX({|TC4001:\"models/yolo.onnx\"|})")]
    [InlineData("using OpenCvSharp.Dnn;", "Net.ReadNetFromModelOptimizer(\"models/face.xml\", {|TC4001:\"models/face.bin\"|})")]
    [InlineData("using OpenCvSharp;", "FaceDetectorYN.Create({|TC4001:\"models/yunet.onnx\"|}, \"\", new Size(320, 320))")]
    // Semantic Kernel ONNX connector (stub)
    [InlineData("using Microsoft.SemanticKernel;", "Kernel.CreateBuilder().AddOnnxRuntimeGenAIChatCompletion(\"phi-3\", {|TC4001:\"models/phi-3-mini\"|})")]
    [InlineData("using Microsoft.SemanticKernel; using Microsoft.Extensions.DependencyInjection;",
        "new ServiceCollection().AddOnnxRuntimeGenAIChatCompletion(modelPath: {|TC4001:\"models/phi-3-mini\"|}, modelId: \"phi-3\")")]
    [InlineData("using Microsoft.SemanticKernel;", "Kernel.CreateBuilder().AddBertOnnxEmbeddingGenerator({|TC4001:\"models/bge-micro.onnx\"|}, \"models/vocab.txt\")")]
    [InlineData("using Microsoft.Extensions.DependencyInjection;", "new ServiceCollection().AddBertOnnxEmbeddingGenerator({|TC4001:\"models/bge-micro.onnx\"|}, \"models/vocab.txt\")")]
    [InlineData("using Microsoft.SemanticKernel.Connectors.Onnx;", "BertOnnxTextEmbeddingGenerationService.Create({|TC4001:\"models/bge-micro.onnx\"|}, \"models/vocab.txt\")")]
    [InlineData("using Microsoft.SemanticKernel.Connectors.Onnx;", "new OnnxRuntimeGenAIChatCompletionService(\"phi-3\", {|TC4001:\"models/phi-3-mini\"|})")]
    // Microsoft.Extensions.ML (stub)
    [InlineData("using Microsoft.Extensions.ML; using Microsoft.Extensions.DependencyInjection;",
        "new ServiceCollection().AddPredictionEnginePool<App, App>().FromFile({|TC4001:\"models/sentiment.zip\"|})")]
    [InlineData("using Microsoft.Extensions.ML; using Microsoft.Extensions.DependencyInjection;",
        "new ServiceCollection().AddPredictionEnginePool<App, App>().FromFile(modelName: \"s\", filePath: {|TC4001:\"models/sentiment.zip\"|}, watchForChanges: true)")]
    // Microsoft.ML.GenAI (stub)
    [InlineData("using Microsoft.ML.GenAI.Phi;", "Phi3ForCausalLM.FromPretrained({|TC4001:\"models/Phi-3-mini-4k-instruct\"|})")]
    [InlineData("using Microsoft.ML.GenAI.Phi;", "Phi3ForCasualLM.FromPretrained({|TC4001:\"models/Phi-3-mini-4k-instruct\"|})")]
    [InlineData("using Microsoft.ML.GenAI.Phi;", "Phi2ForCausalLM.FromPretrained({|TC4001:\"models/phi-2\"|}, \"config.json\")")]
    [InlineData("", "Phi3TokenizerHelper.FromPretrained({|TC4001:\"models/Phi-3-mini-4k-instruct/tokenizer.model\"|})")]
    [InlineData("", "Phi2TokenizerHelper.Create({|TC4001:\"models/phi-2\"|})")]
    [InlineData("using Microsoft.ML.GenAI.Mistral;", "MistralForCausalLM.FromPretrained({|TC4001:\"models/mistral-7b\"|})")]
    [InlineData("using Microsoft.ML.GenAI.LLaMA;", "LlamaTokenizerHelper.FromPretrained({|TC4001:\"models/tokenizers\"|})")]
    public Task Path_loaders_are_recognised(string usings, string expression) => Verify.AnalyzerAsync($$"""
        using System;
        {{usings}}
        class App
        {
            object Load() => {{expression}};
        }
        """, With(Declared("models/phi.onnx")));

    [Theory]
    // A folder that is declared (the facts file lists it) is quiet: the rows point at the real argument, not another one.
    [InlineData("using Microsoft.SemanticKernel.Connectors.Onnx;", "BertOnnxTextEmbeddingGenerationService.Create(\"models/phi.onnx\", \"models/vocab.txt\")")]
    [InlineData("using Microsoft.ML.OnnxRuntimeGenAI;", "new OnnxRuntimeGenAIChatClient(\"models/phi.onnx\")")]
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromCaffe(\"models/deploy.prototxt\", \"models/phi.onnx\")")]
    // Stream and byte overloads name no path.
    [InlineData("using OpenCvSharp.Dnn;", "CvDnn.ReadNetFromOnnx(new byte[16])")]
    [InlineData("using Whisper.net;", "WhisperFactory.FromBuffer(new byte[16])")]
    public Task Declared_models_and_byte_overloads_are_quiet(string usings, string expression) => Verify.AnalyzerAsync($$"""
        using System;
        {{usings}}
        class App
        {
            object Load() => {{expression}};
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task Create_of_an_unrelated_type_is_never_a_model_load() => Verify.AnalyzerAsync("""
        using System.IO;
        using Microsoft.SemanticKernel.Connectors.Onnx;
        class FaceDetectorYN { public static object Create(string model) => model; }
        class App
        {
            object A() => File.Create("models/new.onnx");
            object B() => FaceDetectorYN.Create("models/yunet.onnx");
        }
        """, With(Declared("models/phi.onnx")));

    [Theory]
    // Ollama and Hugging Face model ids select a model: TC4004 by the model family's license.
    [InlineData("using Microsoft.Extensions.AI;", "new OllamaEmbeddingGenerator(\"http://localhost:11434\", {|TC4004:\"gemma2:2b\"|})")]
    [InlineData("using Microsoft.Extensions.AI;", "new OllamaEmbeddingGenerator(new Uri(\"http://localhost:11434\"), modelId: {|TC4004:\"gemma2:2b\"|})")]
    [InlineData("using Microsoft.Extensions.AI;", "new OllamaChatClient(\"http://localhost:11434\", {|TC4004:\"llama3.1\"|})")]
    [InlineData("using Microsoft.SemanticKernel;", "Kernel.CreateBuilder().AddOllamaTextEmbeddingGeneration({|TC4004:\"gemma2:2b\"|}, new Uri(\"http://localhost:11434\"))")]
    [InlineData("using Microsoft.SemanticKernel;", "Kernel.CreateBuilder().AddOllamaChatCompletion({|TC4004:\"llama3.2\"|}, new Uri(\"http://localhost:11434\"))")]
    [InlineData("using Microsoft.Extensions.DependencyInjection;", "new ServiceCollection().AddOllamaChatClient({|TC4004:\"llama3.2\"|}, new Uri(\"http://localhost:11434\"))")]
    [InlineData("using OllamaSharp.Models;", "new CreateModelRequest { Model = \"mine\", From = {|TC4004:\"llama3.2:1b\"|} }")]
    [InlineData("using Microsoft.Extensions.ML; using Microsoft.Extensions.DependencyInjection;",
        "new ServiceCollection().AddPredictionEnginePool<App, App>().FromUri({|TC4002:\"https://huggingface.co/org/sentiment/resolve/main/model.zip\"|})")]
    [InlineData("using Microsoft.SemanticKernel;", "Kernel.CreateBuilder().AddHuggingFaceChatCompletion({|TC4004:\"meta-llama/Llama-3.1-8B-Instruct\"|})")]
    [InlineData("using Microsoft.SemanticKernel; using Microsoft.Extensions.DependencyInjection;",
        "new ServiceCollection().AddHuggingFaceTextEmbeddingGeneration(model: {|TC4004:\"google/gemma-2-9b-it\"|})")]
    public Task Model_ids_are_recognised(string usings, string expression) => Verify.AnalyzerAsync($$"""
        using System;
        {{usings}}
        class App
        {
            object Use() => {{expression}};
        }
        """);

    [Theory]
    [InlineData("GetGgmlModelAsync({|#0:GgmlType.Base|})", "GetGgmlModelAsync", "GgmlType.Base")]
    [InlineData("GetGgmlModelAsync({|#0:GgmlType.LargeV3Turbo|}, QuantizationType.Q5_0)", "GetGgmlModelAsync", "GgmlType.LargeV3Turbo")]
    [InlineData("GetEncoderOpenVinoModelAsync({|#0:GgmlType.Base|})", "GetEncoderOpenVinoModelAsync", "GgmlType.Base")]
    [InlineData("GetEncoderCoreMLModelAsync({|#0:GgmlType.Base|})", "GetEncoderCoreMLModelAsync", "GgmlType.Base")]
    [InlineData("GetGgmlSileroVadModelAsync({|#0:SileroVadType.V6_2_0|})", "GetGgmlSileroVadModelAsync", "SileroVadType.V6_2_0")]
    public Task Whisper_downloads_from_a_hub_tag_are_unpinned(string call, string member, string label) => Verify.AnalyzerAsync($$"""
        using System.IO;
        using System.Threading.Tasks;
        using Whisper.net.Ggml;
        class App
        {
            Task<Stream> Fetch() => WhisperGgmlDownloader.Default.{{call}};
        }
        """, expected: Verify.Diagnostic("TC4002").WithLocation(0).WithArguments(label,
            $"Whisper.net {member} fetches it from the Hugging Face repository sandrohanea/whisper.net at 'v4', a branch or tag, not a commit",
            "download the file once, declare it as a <TrustCheckModel> and lock it with 'trustcheck lock', then load it from that path"));

    [Fact]
    public Task Whisper_download_with_the_default_type_is_reported_on_the_call() => Verify.AnalyzerAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Whisper.net.Ggml;
        class App
        {
            Task<Stream> Fetch() => {|#0:WhisperGgmlDownloader.Default.GetGgmlSileroVadModelAsync()|};
        }
        """, expected: Verify.Diagnostic("TC4002").WithLocation(0).WithArguments("the default model of GetGgmlSileroVadModelAsync",
            "Whisper.net GetGgmlSileroVadModelAsync fetches it from the Hugging Face repository sandrohanea/whisper.net at 'v4', a branch or tag, not a commit",
            "download the file once, declare it as a <TrustCheckModel> and lock it with 'trustcheck lock', then load it from that path"));
}
