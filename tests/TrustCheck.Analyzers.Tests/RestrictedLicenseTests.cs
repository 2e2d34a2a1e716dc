using TrustCheck.Analyzers.Tests.Verification;
using TrustCheck.Facts;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>TC4004: a model whose license restricts use or is denied by policy.</summary>
public class RestrictedLicenseTests
{
    [Fact]
    public Task Ollama_model_of_a_restricted_family_is_reported() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            OllamaApiClient Client() => new OllamaApiClient("http://localhost:11434", {|#0:"llama3.1:8b"|});
        }
        """, expected: Verify.Diagnostic("TC4004").WithLocation(0).WithArguments("llama3.1:8b",
            "Llama 3.1 Community License Agreement (LicenseRef-llama3.1)",
            "restricts use: acceptable-use-policy, mau-threshold, attribution-naming",
            " (the license of models named like '*llama3.1*')"));

    [Fact]
    public Task Ollama_model_of_a_permissive_family_is_not_reported() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = "phi3:mini";
        }
        """);

    [Fact]
    public Task Unknown_model_names_are_not_guessed() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = "my-finetune:latest";
        }
        """);

    [Fact]
    public Task Chat_request_model_in_an_object_initializer_is_reported() => Verify.AnalyzerAsync("""
        using OllamaSharp.Models.Chat;
        class App
        {
            ChatRequest Request() => new ChatRequest { Model = {|TC4004:"gemma2:9b"|} };
        }
        """);

    [Fact]
    public Task Semantic_kernel_model_id_is_reported() => Verify.AnalyzerAsync("""
        using Microsoft.SemanticKernel;
        class App
        {
            IKernelBuilder Build(IKernelBuilder builder) => builder.AddOpenAIChatCompletion({|TC4004:"meta-llama/Llama-3.3-70B-Instruct"|}, "key");
        }
        """);

    [Fact]
    public Task Hosted_model_ids_without_a_known_family_are_not_reported() => Verify.AnalyzerAsync("""
        using Microsoft.SemanticKernel;
        class App
        {
            IKernelBuilder Build(IKernelBuilder builder) => builder.AddOpenAIChatCompletion("gpt-4o-mini", "key");
        }
        """);

    [Fact]
    public Task Hub_download_of_a_restricted_family_is_reported_for_license_and_pin() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using LLama.Common;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:{|TC4004:"https://huggingface.co/google/gemma-2-2b-it-GGUF/resolve/main/gemma-2-2b-it.gguf"|}|});
        }
        """);

    [Fact]
    public Task License_recorded_in_the_lock_is_used_for_a_loaded_file() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            ModelParams Params() => new ModelParams({|#0:"models/assistant.gguf"|});
        }
        """, With(Locked("models/assistant.gguf", format: "gguf", license: "LicenseRef-llama3.2", restrictions: "acceptable-use-policy,mau-threshold")), null,
        Verify.Diagnostic("TC4004").WithLocation(0).WithArguments("models/assistant.gguf", "LicenseRef-llama3.2",
            "restricts use: acceptable-use-policy, mau-threshold", " (license recorded in trustcheck.lock.json)"));

    [Fact]
    public Task Permissive_license_in_the_lock_wins_over_the_file_name() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            ModelParams Params() => new ModelParams("models/Llama-3.2-1B-Instruct-Q4_K_M.gguf");
        }
        """, With(Locked("models/Llama-3.2-1B-Instruct-Q4_K_M.gguf", format: "gguf", license: "MIT", policy: "allowed")));

    [Fact]
    public Task Family_is_inferred_from_the_file_name_when_the_lock_has_no_license() => Verify.AnalyzerAsync("""
        using LLama.Common;
        class App
        {
            ModelParams Params() => new ModelParams({|TC4004:"models/Llama-3.2-1B-Instruct-Q4_K_M.gguf"|});
        }
        """, With(Declared("models/Llama-3.2-1B-Instruct-Q4_K_M.gguf")));

    [Fact]
    public Task License_denied_by_policy_is_reported_even_without_restrictions()
    {
        var facts = With();
        facts.DeniedLicenses.Add("Apache-*");
        // Declared (so not TC4001) but not locked: the family's license is all there is to judge.
        facts.References.Add(new AnalyzerReferenceFact { Reference = "ollama:mistral:7b", State = AnalyzerModelFact.Declared, Name = "mistral:7b" });
        return Verify.AnalyzerAsync("""
            using OllamaSharp;
            class App
            {
                void Select(OllamaApiClient client) => client.SelectedModel = {|#0:"mistral:7b"|};
            }
            """, facts, null,
            Verify.Diagnostic("TC4004").WithLocation(0).WithArguments("mistral:7b", "Apache License 2.0 (Apache-2.0)",
                "the project's policy denies", " (the license of models named like '*mistral*')"));
    }

    [Fact]
    public Task License_outside_the_policy_allow_list_is_reported()
    {
        var facts = With(Locked("models/model.onnx", format: "onnx", license: "CC-BY-4.0"));
        facts.AllowedLicenses.Add("MIT");
        facts.AllowedLicenses.Add("Apache-2.0");
        return Verify.AnalyzerAsync("""
            using Microsoft.ML.OnnxRuntime;
            class App
            {
                InferenceSession Load() => new InferenceSession({|TC4004:"models/model.onnx"|});
            }
            """, facts);
    }
}
