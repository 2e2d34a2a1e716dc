using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>TC4002: models downloaded at run time from a branch, tag or plain URL.</summary>
public class UnpinnedDownloadTests
{
    [Fact]
    public Task Unpinned_hub_url_is_reported() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            async System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                await http.GetByteArrayAsync({|#0:"https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-onnx/resolve/main/cpu/model.onnx"|});
            InferenceSession Session(byte[] model) => new InferenceSession(model);
        }
        """, expected: Verify.Diagnostic("TC4002").WithLocation(0).WithArguments(
            "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-onnx/resolve/main/cpu/model.onnx",
            "revision 'main' is a branch or tag, not a commit",
            "replace 'main' with the 40-hex commit id you reviewed and record the file with 'trustcheck lock'"));

    [Fact]
    public Task Url_pinned_to_commit_is_not_reported() => Verify.AnalyzerAsync($$"""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync("https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-onnx/resolve/{{Commit}}/cpu/model.onnx");
        }
        """);

    [Fact]
    public Task Hub_url_in_a_uri_built_from_constants_is_reported() => Verify.AnalyzerAsync("""
        using System;
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string Repo = "https://huggingface.co/onnx-community/gpt2";
            System.Threading.Tasks.Task<System.IO.Stream> Fetch(HttpClient http) =>
                http.GetStreamAsync({|TC4002:new Uri($"{Repo}/resolve/v1.0/onnx/model.onnx")|});
        }
        """);

    [Fact]
    public Task Plain_model_url_without_digest_is_reported() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using LLama.Common;
        class App
        {
            System.Threading.Tasks.Task<HttpResponseMessage> Fetch(HttpClient http) =>
                http.GetAsync({|TC4002:"https://models.example.org/releases/v2/tinyllama.Q4_0.gguf"|});
        }
        """);

    [Fact]
    public Task Plain_model_url_with_a_sha256_digest_is_not_reported() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using LLama.Common;
        class App
        {
            System.Threading.Tasks.Task<HttpResponseMessage> Fetch(HttpClient http) =>
                http.GetAsync("https://models.example.org/blobs/sha256/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/tinyllama.gguf");
        }
        """);

    [Fact]
    public Task Download_of_something_that_is_not_a_model_is_not_reported() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<string> Fetch(HttpClient http) => http.GetStringAsync("https://example.org/index.html");
            System.Threading.Tasks.Task<byte[]> Data(HttpClient http) => http.GetByteArrayAsync("https://example.org/data.json");
        }
        """);

    [Fact]
    public Task Downloads_in_projects_without_ml_libraries_are_not_analyzed() => Verify.AnalyzerWithoutMlLibrariesAsync("""
        using System.Net.Http;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync("https://huggingface.co/org/repo/resolve/main/model.onnx");
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task WebClient_download_of_a_model_is_reported() => Verify.AnalyzerAsync("""
        #pragma warning disable SYSLIB0014
        using System.Net;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            void Fetch(WebClient web) => web.DownloadFile({|TC4002:"https://hf.co/org/repo/resolve/v1/model.safetensors"|}, "model.safetensors");
        }
        """);

    [Fact]
    public Task Ollama_pull_without_digest_is_reported() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            async System.Threading.Tasks.Task Pull(OllamaApiClient ollama)
            {
                await foreach (var _ in ollama.PullModelAsync({|#0:"phi3:mini"|})) { }
            }
        }
        """, expected: Verify.Diagnostic("TC4002").WithLocation(0).WithArguments("phi3:mini",
            "the tag 'mini' can be re-pushed with other weights",
            "pull by digest (name@sha256:<digest>) or compare the digest that ShowModelAsync reports with one you reviewed"));

    [Fact]
    public Task Ollama_pull_by_digest_is_not_reported() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            async System.Threading.Tasks.Task Pull(OllamaApiClient ollama)
            {
                await foreach (var _ in ollama.PullModelAsync("phi3@sha256:4f2c1a9e8b7d6c5b4a39281706f5e4d3c2b1a0984f2c1a9e8b7d6c5b4a392817")) { }
            }
        }
        """);

    [Fact]
    public Task Pin_uses_the_commit_recorded_in_the_lock() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|#0:"https://huggingface.co/onnx-community/gpt2/resolve/main/onnx/model.onnx"|});
        }
        """, With(Locked("models/model.onnx", source: "https://huggingface.co/onnx-community/gpt2", revision: Commit)), null,
        Verify.Diagnostic("TC4002").WithLocation(0).WithLocation(0).WithArguments(
            "https://huggingface.co/onnx-community/gpt2/resolve/main/onnx/model.onnx",
            "revision 'main' is a branch or tag, not a commit",
            $"pin it to the commit recorded in trustcheck.lock.json ({Commit})"));
}
