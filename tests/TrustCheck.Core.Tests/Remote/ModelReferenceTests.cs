using TrustCheck.Core.Remote;

namespace TrustCheck.Core.Tests.Remote;

public class ModelReferenceTests
{
    [Theory]
    [InlineData("ollama:llama3.1", "ollama:llama3.1:latest", "registry.ollama.ai", "library", "llama3.1", "latest")]
    [InlineData("ollama:llama3.1:8b", "ollama:llama3.1:8b", "registry.ollama.ai", "library", "llama3.1", "8b")]
    [InlineData("ollama:registry.ollama.ai/library/phi4-mini:3.8b-q4_K_M", "ollama:phi4-mini:3.8b-q4_K_M", "registry.ollama.ai", "library", "phi4-mini", "3.8b-q4_K_M")]
    [InlineData("ollama:someone/tiny:1b", "ollama:someone/tiny:1b", "registry.ollama.ai", "someone", "tiny", "1b")]
    [InlineData("ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M")]
    [InlineData("OLLAMA:HF.CO/bartowski/x:q8", "ollama:hf.co/bartowski/x:q8", "hf.co", "bartowski", "x", "q8")]
    [InlineData("hf:Qwen/Qwen2.5-0.5B-Instruct", "hf:Qwen/Qwen2.5-0.5B-Instruct", "", "Qwen", "Qwen2.5-0.5B-Instruct", "main")]
    [InlineData("hf:google/gemma-2-2b@v1.0", "hf:google/gemma-2-2b@v1.0", "", "google", "gemma-2-2b", "v1.0")]
    [InlineData("hf:org/name@refs/pr/1", "hf:org/name@refs/pr/1", "", "org", "name", "refs/pr/1")]
    public void Valid_references_parse_to_their_parts_and_one_canonical_spelling(string text, string canonical, string host, string ns, string name, string version)
    {
        Assert.True(ModelReference.TryParse(text, out var reference, out var error), error);
        Assert.Equal(canonical, reference!.Canonical);
        Assert.Equal((host, ns, name, version), (reference.Host, reference.Namespace, reference.Name, reference.Version));
        Assert.Equal(canonical, ModelReference.Parse(canonical).Canonical);
    }

    [Theory]
    [InlineData("ollama:")]
    [InlineData("hf:")]
    public void A_bare_prefix_means_the_whole_store(string text)
    {
        Assert.True(ModelReference.Parse(text).IsWholeStore);
    }

    [Theory]
    [InlineData("ollama:../../etc/passwd")]
    [InlineData("ollama:..")]
    [InlineData("ollama:llama3.1:..")]
    [InlineData("ollama:a/../b:1")]
    [InlineData("ollama:/etc/passwd")]
    [InlineData("ollama:C:/models/x")]
    [InlineData("ollama:C:\\models\\x")]
    [InlineData("ollama:%2e%2e/x")]
    [InlineData("ollama:llama%2Fx")]
    [InlineData("ollama:a/b/c/d:1")]
    [InlineData("ollama:llama3.1@sha256:0123")]
    [InlineData("ollama:.hidden")]
    [InlineData("ollama:llama3.1:")]
    [InlineData("hf:../x")]
    [InlineData("hf:org/..")]
    [InlineData("hf:/etc/passwd")]
    [InlineData("hf:C:/x")]
    [InlineData("hf:org")]
    [InlineData("hf:org/name/extra")]
    [InlineData("hf:org%2F..%2Fname/x")]
    [InlineData("hf:org/name@../../etc")]
    [InlineData("hf:org/name@refs/../x")]
    [InlineData("hf:org/name@")]
    [InlineData("hf:org/na me")]
    [InlineData("hf:org/name\0")]
    [InlineData("models/phi.gguf")]
    public void References_that_could_leave_the_store_are_rejected_with_a_reason(string text)
    {
        Assert.False(ModelReference.TryParse(text, out var reference, out var error));
        Assert.Null(reference);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Overlong_references_are_rejected()
    {
        Assert.False(ModelReference.TryParse("hf:org/" + new string('a', 600), out _, out var error));
        Assert.Contains("512", error);
    }

    [Theory]
    [InlineData("ollama:llama3.1:8b", "llama3.1")]
    [InlineData("ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF")]
    [InlineData("hf:Qwen/Qwen2.5-0.5B-Instruct@main", "Qwen/Qwen2.5-0.5B-Instruct")]
    public void The_model_name_is_what_code_passes_to_a_client(string text, string modelName)
    {
        Assert.Equal(modelName, ModelReference.Parse(text).ModelName);
    }
}
