using TrustCheck.Analyzers.CodeFixes;
using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>The fixes rewrite exactly the literal the analyzer pointed at, and Fix All applies them everywhere.</summary>
public class CodeFixTests
{
    private static readonly TrustCheck.Facts.AnalyzerFacts LockedGpt2 =
        With(Locked("models/model.onnx", format: "onnx", source: "https://huggingface.co/onnx-community/gpt2", revision: Commit));

    [Fact]
    public Task Unpinned_hub_url_is_pinned_to_the_locked_commit() => Verify.CodeFixAsync<PinHubRevisionCodeFix>("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:"https://huggingface.co/onnx-community/gpt2/resolve/main/onnx/model.onnx"|});
        }
        """, $$"""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync("https://huggingface.co/onnx-community/gpt2/resolve/{{Commit}}/onnx/model.onnx");
        }
        """, LockedGpt2);

    [Fact]
    public Task Pin_edits_the_const_that_holds_the_revision() => Verify.CodeFixAsync<PinHubRevisionCodeFix>("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string Base = "https://huggingface.co/onnx-community/gpt2/resolve/main";
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) => http.GetByteArrayAsync({|TC4002:Base + "/onnx/model.onnx"|});
        }
        """, $$"""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string Base = "https://huggingface.co/onnx-community/gpt2/resolve/{{Commit}}";
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) => http.GetByteArrayAsync(Base + "/onnx/model.onnx");
        }
        """, LockedGpt2);

    [Fact]
    public Task Fix_all_pins_every_download_in_the_document() => Verify.CodeFixAsync<PinHubRevisionCodeFix>("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Model(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:"https://huggingface.co/onnx-community/gpt2/resolve/main/onnx/model.onnx"|});
            System.Threading.Tasks.Task<byte[]> Tokenizer(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:"https://huggingface.co/onnx-community/gpt2/resolve/v1.0/onnx/model.onnx"|});
        }
        """, $$"""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Model(HttpClient http) =>
                http.GetByteArrayAsync("https://huggingface.co/onnx-community/gpt2/resolve/{{Commit}}/onnx/model.onnx");
            System.Threading.Tasks.Task<byte[]> Tokenizer(HttpClient http) =>
                http.GetByteArrayAsync("https://huggingface.co/onnx-community/gpt2/resolve/{{Commit}}/onnx/model.onnx");
        }
        """, LockedGpt2);

    [Fact]
    public Task No_pin_fix_is_offered_when_the_lock_has_no_commit_for_the_repository() => Verify.CodeFixAsync<PinHubRevisionCodeFix>("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:"https://huggingface.co/other/repo/resolve/main/model.onnx"|});
        }
        """, """
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|TC4002:"https://huggingface.co/other/repo/resolve/main/model.onnx"|});
        }
        """, LockedGpt2);

    [Fact]
    public Task Pickle_load_switches_to_the_declared_safetensors_and_loader() => Verify.CodeFixAsync<LoadSaferFormatCodeFix>("""
        using System.IO;
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model) => model.load_py({|TC4003:Path.Combine("weights", "model.pt")|});
        }
        """, """
        using System.IO;
        using TorchSharp;
        using TorchSharp.PyBridge;
        class App
        {
            void Load(torch.nn.Module model) => model.load_safetensors(Path.Combine("weights", "model.safetensors"));
        }
        """, With(Declared("weights/model.pt"), Declared("weights/model.safetensors")));

    [Fact]
    public Task Pt_file_given_to_onnx_runtime_switches_to_the_onnx_sibling() => Verify.CodeFixAsync<LoadSaferFormatCodeFix>("""
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession A() => new InferenceSession({|TC4003:@"models\classifier.pt"|});
            InferenceSession B() => new InferenceSession({|TC4003:"models/classifier.pt"|});
        }
        """, """
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession A() => new InferenceSession(@"models\classifier.onnx");
            InferenceSession B() => new InferenceSession("models/classifier.onnx");
        }
        """, With(Declared("models/classifier.pt"), Declared("models/classifier.onnx")));

    [Fact]
    public Task Path_with_wrong_letter_case_is_corrected_to_the_declared_spelling() => Verify.CodeFixAsync<UseDeclaredModelPathCodeFix>("""
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession({|TC4001:Path.Combine(AppContext.BaseDirectory, "models", "Phi-3.onnx")|});
            InferenceSession Again() => new InferenceSession({|TC4001:"Models/Phi-3.onnx"|});
        }
        """, """
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load() => new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models", "phi-3.onnx"));
            InferenceSession Again() => new InferenceSession("models/phi-3.onnx");
        }
        """, With(Declared("models/phi-3.onnx")));
}
