using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TrustCheck.Analyzers.Tests.Verification;

/// <summary>
/// Stand-ins for ML libraries the package feed here does not serve: Semantic Kernel's ONNX, Ollama and Hugging Face
/// connectors, Microsoft.Extensions.AI.Ollama, Microsoft.Extensions.ML and Microsoft.ML.GenAI (Phi, LLaMA, Mistral). Each is compiled in the test
/// into an assembly with the real assembly name, and the real namespaces, type names, member names and parameter names
/// (looked up in microsoft/semantic-kernel, dotnet/extensions and dotnet/machinelearning): that is everything the
/// analyzer matches on. Bodies throw, and return types are simplified where the real one lives in another unserved
/// package (Microsoft.ML.Tokenizers' tokenizers are <c>object</c> here).
/// </summary>
internal static class StubLibraries
{
    private const string OnnxConnector = """
        using System;
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using Microsoft.SemanticKernel.Connectors.Onnx;

        namespace Microsoft.SemanticKernel
        {
            public static class OnnxKernelBuilderExtensions
            {
                public static IKernelBuilder AddOnnxRuntimeGenAIChatCompletion(this IKernelBuilder builder, string modelId, string modelPath,
                    string? serviceId = null, JsonSerializerOptions? jsonSerializerOptions = null) => throw null!;
                public static IKernelBuilder AddBertOnnxTextEmbeddingGeneration(this IKernelBuilder builder, string onnxModelPath, string vocabPath,
                    BertOnnxOptions? options = null, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddBertOnnxTextEmbeddingGeneration(this IKernelBuilder builder, Stream onnxModelStream, Stream vocabStream,
                    BertOnnxOptions? options = null, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddBertOnnxEmbeddingGenerator(this IKernelBuilder builder, string onnxModelPath, string vocabPath,
                    BertOnnxOptions? options = null, string? serviceId = null) => throw null!;
            }

            public static class OnnxServiceCollectionExtensions
            {
                public static IServiceCollection AddOnnxRuntimeGenAIChatCompletion(this IServiceCollection services, string modelId, string modelPath,
                    string? serviceId = null, JsonSerializerOptions? jsonSerializerOptions = null) => throw null!;
                public static IServiceCollection AddBertOnnxTextEmbeddingGeneration(this IServiceCollection services, string onnxModelPath, string vocabPath,
                    BertOnnxOptions? options = null, string? serviceId = null) => throw null!;
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class OnnxServiceCollectionExtensions
            {
                public static IServiceCollection AddBertOnnxEmbeddingGenerator(this IServiceCollection services, string onnxModelPath, string vocabPath,
                    BertOnnxOptions? options = null, string? serviceId = null) => throw null!;
                public static IServiceCollection AddOnnxRuntimeGenAIChatClient(this IServiceCollection services, string modelId, string modelPath,
                    string? serviceId = null) => throw null!;
            }
        }

        namespace Microsoft.SemanticKernel.Connectors.Onnx
        {
            public sealed class BertOnnxOptions { }

            public sealed class OnnxRuntimeGenAIPromptExecutionSettings : Microsoft.SemanticKernel.PromptExecutionSettings
            {
                public float? Temperature { get; set; }
                public float? TopP { get; set; }
                public int? MaxTokens { get; set; }
                public bool? PastPresentShareBuffer { get; set; }
            }

            public sealed class OnnxRuntimeGenAIChatCompletionService : IDisposable
            {
                public OnnxRuntimeGenAIChatCompletionService(string modelId, string modelPath, ILoggerFactory? loggerFactory = null,
                    JsonSerializerOptions? jsonSerializerOptions = null) => throw null!;
                public void Dispose() { }
            }

            public sealed class BertOnnxTextEmbeddingGenerationService : IDisposable
            {
                private BertOnnxTextEmbeddingGenerationService() { }
                public static BertOnnxTextEmbeddingGenerationService Create(string onnxModelPath, string vocabPath, BertOnnxOptions? options = null) => throw null!;
                public static BertOnnxTextEmbeddingGenerationService Create(Stream onnxModelStream, Stream vocabStream, BertOnnxOptions? options = null) => throw null!;
                public static Task<BertOnnxTextEmbeddingGenerationService> CreateAsync(string onnxModelPath, string vocabPath, BertOnnxOptions? options = null,
                    System.Threading.CancellationToken cancellationToken = default) => throw null!;
                public void Dispose() { }
            }
        }
        """;

    private const string OllamaConnector = """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using OllamaSharp;

        namespace Microsoft.SemanticKernel
        {
            public static class OllamaKernelBuilderExtensions
            {
                public static IKernelBuilder AddOllamaChatCompletion(this IKernelBuilder builder, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddOllamaChatCompletion(this IKernelBuilder builder, string modelId, OllamaApiClient ollamaClient, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddOllamaTextGeneration(this IKernelBuilder builder, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddOllamaTextEmbeddingGeneration(this IKernelBuilder builder, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddOllamaEmbeddingGenerator(this IKernelBuilder builder, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IKernelBuilder AddOllamaChatClient(this IKernelBuilder builder, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
            }

            public static class OllamaServiceCollectionExtensions
            {
                public static IServiceCollection AddOllamaChatCompletion(this IServiceCollection services, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IServiceCollection AddOllamaTextGeneration(this IServiceCollection services, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IServiceCollection AddOllamaTextEmbeddingGeneration(this IServiceCollection services, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class OllamaServiceCollectionExtensions
            {
                public static IServiceCollection AddOllamaEmbeddingGenerator(this IServiceCollection services, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
                public static IServiceCollection AddOllamaChatClient(this IServiceCollection services, string modelId, Uri endpoint, string? serviceId = null) => throw null!;
            }
        }
        """;

    private const string HuggingFaceConnector = """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        namespace Microsoft.SemanticKernel
        {
            public static class HuggingFaceKernelBuilderExtensions
            {
                public static IKernelBuilder AddHuggingFaceTextGeneration(this IKernelBuilder builder, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IKernelBuilder AddHuggingFaceChatCompletion(this IKernelBuilder builder, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IKernelBuilder AddHuggingFaceTextEmbeddingGeneration(this IKernelBuilder builder, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IKernelBuilder AddHuggingFaceImageToText(this IKernelBuilder builder, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
            }

            public static class HuggingFaceServiceCollectionExtensions
            {
                public static IServiceCollection AddHuggingFaceTextGeneration(this IServiceCollection services, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IServiceCollection AddHuggingFaceChatCompletion(this IServiceCollection services, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IServiceCollection AddHuggingFaceTextEmbeddingGeneration(this IServiceCollection services, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
                public static IServiceCollection AddHuggingFaceImageToText(this IServiceCollection services, string model, Uri? endpoint = null, string? apiKey = null,
                    string? serviceId = null, HttpClient? httpClient = null) => throw null!;
            }
        }
        """;

    private const string ExtensionsAiOllama = """
        using System;
        using System.Net.Http;

        namespace Microsoft.Extensions.AI
        {
            public sealed class OllamaChatClient
            {
                public OllamaChatClient(string endpoint, string? modelId = null, HttpClient? httpClient = null) => throw null!;
                public OllamaChatClient(Uri endpoint, string? modelId = null, HttpClient? httpClient = null) => throw null!;
            }

            public sealed class OllamaEmbeddingGenerator
            {
                public OllamaEmbeddingGenerator(string endpoint, string? modelId = null, HttpClient? httpClient = null) => throw null!;
                public OllamaEmbeddingGenerator(Uri endpoint, string? modelId = null, HttpClient? httpClient = null) => throw null!;
            }
        }
        """;

    private const string ExtensionsMl = """
        using System;
        using Microsoft.Extensions.DependencyInjection;

        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePoolBuilder<TData, TPrediction> where TData : class where TPrediction : class, new()
            {
                public PredictionEnginePoolBuilder(IServiceCollection services) => Services = services;
                public IServiceCollection Services { get; }
            }

            public static class ServiceCollectionExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(this IServiceCollection services)
                    where TData : class where TPrediction : class, new() => throw null!;
            }

            public static class BuilderExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder,
                    string filePath) where TData : class where TPrediction : class, new() => throw null!;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder,
                    string modelName, string filePath) where TData : class where TPrediction : class, new() => throw null!;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder,
                    string modelName, string filePath, bool watchForChanges) where TData : class where TPrediction : class, new() => throw null!;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder,
                    string uri) where TData : class where TPrediction : class, new() => throw null!;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder,
                    string modelName, Uri uri, TimeSpan period) where TData : class where TPrediction : class, new() => throw null!;
            }
        }
        """;

    private const string CausalLM = """
        public static {0} FromPretrained(string modelFolder, string configName = "config.json", string checkPointName = "model.safetensors.index.json",
            TorchSharp.torch.ScalarType torchDtype = TorchSharp.torch.ScalarType.BFloat16, string device = "cpu") => throw null!;
        """;

    private static readonly string GenAiPhi = $$"""
        namespace Microsoft.ML.GenAI.Phi
        {
            public class Phi3ForCausalLM { {{string.Format(CausalLM, "Phi3ForCausalLM")}} }
            public class Phi3ForCasualLM { {{string.Format(CausalLM, "Phi3ForCasualLM")}} }
            public class Phi2ForCausalLM { {{string.Format(CausalLM, "Phi2ForCausalLM")}} }
            public class Phi2ForCasualLM { {{string.Format(CausalLM, "Phi2ForCasualLM")}} }
        }

        // The real helpers are declared outside any namespace.
        public class Phi3TokenizerHelper
        {
            public static object FromPretrained(string modelPath, string systemSymbol = "<|system|>", string userSymbol = "<|user|>",
                string assistantSymbol = "<|assistant|>", string endSymbol = "<|end|>", int systemSymbolId = 32006, int userSymbolId = 32010,
                int assistantSymbolId = 32001, int endSymbolId = 32007, bool addPrecedingSpace = true) => throw null!;
        }

        public class Phi2TokenizerHelper
        {
            public static object Create(string folder, string vocabFile = "vocab.json", string mergesFile = "merges.txt", bool addPrefixSpace = false,
                bool addBeginOfSentence = false, bool addEndOfSentence = false) => throw null!;
        }
        """;

    private static readonly string GenAiLlama = $$"""
        namespace Microsoft.ML.GenAI.LLaMA
        {
            public class LlamaForCausalLM { {{string.Format(CausalLM, "LlamaForCausalLM")}} }

            public class LlamaTokenizerHelper
            {
                public static object FromPretrained(string modelWeightFolder, string modelFile = "tokenizer.model") => throw null!;
            }
        }
        """;

    private static readonly string GenAiMistral = $$"""
        namespace Microsoft.ML.GenAI.Mistral
        {
            public class MistralForCausalLM { {{string.Format(CausalLM, "MistralForCausalLM")}} }
        }
        """;

    /// <summary>The stub assemblies, compiled once per test run.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = ImmutableArray.Create(
        Compile("Microsoft.SemanticKernel.Connectors.Onnx", OnnxConnector),
        Compile("Microsoft.SemanticKernel.Connectors.Ollama", OllamaConnector),
        Compile("Microsoft.SemanticKernel.Connectors.HuggingFace", HuggingFaceConnector),
        Compile("Microsoft.Extensions.AI.Ollama", ExtensionsAiOllama),
        Compile("Microsoft.Extensions.ML", ExtensionsMl),
        Compile("Microsoft.ML.GenAI.Phi", GenAiPhi),
        Compile("Microsoft.ML.GenAI.LLaMA", GenAiLlama),
        Compile("Microsoft.ML.GenAI.Mistral", GenAiMistral));

    private static MetadataReference Compile(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            TestReferences.Framework.AddRange(TestReferences.MlLibraries),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Stub {assemblyName} does not compile: "
                + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        // Named like the real file, so the analyzer's "is an ML library referenced?" test sees it as it would the package.
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: $"/stubs/{assemblyName}.dll");
    }
}
