using TrustCheck.Analyzers.Tests.Verification;
using TrustCheck.Facts;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>Model names in code against the declared (TrustCheckModelReference) and locked remote models of the facts file.</summary>
public class RemoteReferenceTests
{
    private static AnalyzerFacts WithReferences(params AnalyzerReferenceFact[] references)
    {
        var facts = With();
        facts.References.AddRange(references);
        return facts;
    }

    private static AnalyzerReferenceFact LockedLlama(string name = "llama3.1:8b") => new()
    {
        Reference = "ollama:" + name,
        State = AnalyzerModelFact.Locked,
        Name = name,
        Revision = "sha256:" + new string('b', 64),
        License = "LicenseRef-llama3.1",
        Restrictions = ["acceptable-use-policy", "mau-threshold"],
        LicenseKind = "text",
    };

    [Fact]
    public Task Locked_reference_license_replaces_the_family_guess() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            OllamaApiClient Client() => new OllamaApiClient("http://localhost:11434", {|#0:"llama3.1:8b"|});
        }
        """, WithReferences(LockedLlama()), null,
        Verify.Diagnostic("TC4004").WithLocation(0).WithArguments("llama3.1:8b", "LicenseRef-llama3.1",
            "restricts use: acceptable-use-policy, mau-threshold", " (license recorded in trustcheck.lock.json from the text of ollama:llama3.1:8b)"));

    [Fact]
    public Task Locked_permissive_license_wins_over_a_restricted_family_name() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = "llama3.1:8b";
        }
        """, WithReferences(new AnalyzerReferenceFact { Reference = "ollama:llama3.1:8b", State = AnalyzerModelFact.Locked, Name = "llama3.1:8b", License = "MIT", Policy = "allowed", LicenseKind = "text" }));

    [Fact]
    public Task A_name_without_tag_matches_the_latest_reference() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = {|TC4004:"llama3.1"|};
        }
        """, WithReferences(LockedLlama("llama3.1:latest")));

    [Fact]
    public Task Undeclared_constant_ollama_name_is_TC4001_with_the_item_to_add() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = {|#0:"phi3:mini"|};
        }
        """, With(), null,
        Verify.Diagnostic("TC4001").WithLocation(0).WithArguments("phi3:mini", "Ollama store", "ollama:phi3:mini"));

    [Fact]
    public Task Declared_reference_is_not_TC4001_and_falls_back_to_the_family() => Verify.AnalyzerAsync("""
        using OllamaSharp.Models.Chat;
        class App
        {
            ChatRequest Request() => new ChatRequest { Model = {|TC4004:"gemma2:9b"|} };
        }
        """, WithReferences(new AnalyzerReferenceFact { Reference = "ollama:gemma2:9b", State = AnalyzerModelFact.Declared, Name = "gemma2:9b" }));

    [Fact]
    public Task Without_a_facts_file_names_are_not_TC4001() => Verify.AnalyzerAsync("""
        using OllamaSharp;
        class App
        {
            void Select(OllamaApiClient client) => client.SelectedModel = "phi3:mini";
        }
        """);

    [Fact]
    public Task Hosted_model_ids_are_not_store_models() => Verify.AnalyzerAsync("""
        using Microsoft.SemanticKernel;
        class App
        {
            IKernelBuilder Build(IKernelBuilder builder) => builder.AddOpenAIChatCompletion("gpt-4o-mini", "key");
        }
        """, With());

    [Fact]
    public Task Hub_url_on_a_branch_is_pinned_to_the_commit_of_the_locked_hf_reference() => Verify.AnalyzerAsync("""
        using System.Net.Http;
        class App
        {
            System.Threading.Tasks.Task<byte[]> Fetch(HttpClient http) =>
                http.GetByteArrayAsync({|#0:"https://huggingface.co/org/tiny/resolve/main/model.onnx"|});
        }
        """, WithReferences(new AnalyzerReferenceFact { Reference = "hf:org/tiny", State = AnalyzerModelFact.Locked, Name = "org/tiny", Revision = Commit, License = "MIT", Policy = "allowed" }), null,
        Verify.Diagnostic("TC4002").WithLocation(0).WithLocation(0).WithArguments("https://huggingface.co/org/tiny/resolve/main/model.onnx",
            "revision 'main' is a branch or tag, not a commit", $"pin it to the commit recorded in trustcheck.lock.json ({Commit})"));
}
