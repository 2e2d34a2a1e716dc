using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>
/// TC4002 for download URLs that are only partly constant: a constant prefix that already fixes the hub repository and
/// a branch or tag, followed by a file name known only at run time.
/// </summary>
public class PartialUrlTests
{
    [Theory]
    [InlineData("$\"https://huggingface.co/onnx-community/gpt2/resolve/main/{file}\"")]
    [InlineData("\"https://huggingface.co/onnx-community/gpt2/resolve/main/\" + file")]
    [InlineData("\"https://huggingface.co/onnx-community/gpt2/resolve/\" + \"v1.0/onnx/\" + file + \".onnx\"")]
    [InlineData("$\"https://huggingface.co/onnx-community/gpt2/resolve/main/onnx/model_{file}.onnx\"")]
    [InlineData("new Uri($\"https://huggingface.co/onnx-community/gpt2/resolve/main/{file}\")")]
    [InlineData("Base + file")]
    [InlineData("$\"{Base}{file}\"")]
    [InlineData("$\"{Host}/onnx-community/gpt2/resolve/main/{file}\"")]
    [InlineData("ReadonlyBase + file")]
    [InlineData("ComputedBase + file")]
    public Task Constant_prefix_with_a_branch_or_tag_is_reported(string url) => Verify.AnalyzerAsync($$"""
        using System;
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string Host = "https://huggingface.co";
            const string Base = "https://huggingface.co/onnx-community/gpt2/resolve/main/";
            static readonly string ReadonlyBase = "https://huggingface.co/onnx-community/gpt2/resolve/main/";
            static readonly string ComputedBase = $"{Host}/onnx-community/gpt2/resolve/main/";
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http, string file) => http.GetByteArrayAsync({|TC4002:{{url}}|});
        }
        """);

    [Fact]
    public Task Prefix_reaches_the_call_through_a_local() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            async System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http, string file)
            {
                var url = $"https://huggingface.co/onnx-community/gpt2/resolve/main/{file}";
                return await http.GetByteArrayAsync({|#0:url|});
            }
        }
        """, expected: Verify.Diagnostic("TC4002").WithLocation(0).WithArguments(
            "https://huggingface.co/onnx-community/gpt2/resolve/main/",
            "revision 'main' is a branch or tag, not a commit",
            "replace 'main' with the 40-hex commit id you reviewed and record the file with 'trustcheck lock'"));

    [Theory]
    // Pinned to a commit: the prefix fixes the content whatever file follows.
    [InlineData("$\"https://huggingface.co/onnx-community/gpt2/resolve/" + Commit + "/{file}\"")]
    [InlineData("\"https://huggingface.co/onnx-community/gpt2/resolve/" + Commit + "/\" + file")]
    [InlineData("PinnedBase + file")]
    // Wholly or mostly run-time: nothing is known about the revision.
    [InlineData("file")]
    [InlineData("$\"{host}/onnx-community/gpt2/resolve/main/{file}\"")]
    [InlineData("\"https://huggingface.co/\" + file")]
    [InlineData("$\"https://huggingface.co/onnx-community/gpt2/resolve/{file}\"")]
    [InlineData("$\"https://huggingface.co/onnx-community/gpt2/resolve/ma{file}/model.onnx\"")]
    [InlineData("MutableBase + file")]
    // A constant prefix that names neither a hub revision nor a model file.
    [InlineData("$\"https://example.org/downloads/{file}\"")]
    public Task Pinned_or_run_time_urls_are_quiet(string url) => Verify.AnalyzerAsync($$"""
        using System;
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            const string PinnedBase = "https://huggingface.co/onnx-community/gpt2/resolve/{{Commit}}/";
            public static string MutableBase = "https://huggingface.co/onnx-community/gpt2/resolve/main/"; // other code may change it
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http, string host, string file) => http.GetByteArrayAsync({{url}});
        }
        """);

    [Fact]
    public Task A_prefix_never_counts_as_a_model_path() => Verify.AnalyzerAsync("""
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
            InferenceSession Load(string name) => new InferenceSession($"models/{name}.onnx");
            InferenceSession Join(string name) => new InferenceSession(Path.Combine("models", name));
        }
        """, With(Declared("models/phi.onnx")));
}
