using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Tests.Provenance;

public class SourcePinTests
{
    [Theory]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/model.safetensors", null)]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/v1.0/model.safetensors", null)]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B", null)]
    [InlineData("https://example.org/models/model.onnx", null)]
    [InlineData("https://example.org/models/model.onnx", "main")]
    [InlineData("https://github.com/org/repo/raw/main/model.onnx", "v2.1")]
    public void Unpinned_sources_are_reported(string source, string? revision)
    {
        Assert.NotNull(SourcePin.WhyUnpinned(source, revision));
    }

    [Theory]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/0e9e39f249a16976918f6564b8830bc894c89659/model.safetensors", null)]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/model.safetensors", "0e9e39f249a16976918f6564b8830bc894c89659")]
    [InlineData("https://raw.githubusercontent.com/onnx/models/5faef4c33eba0395177850e1e31c4a6a9e634c82/vision/model.onnx", null)]
    [InlineData("https://example.org/models/model.onnx", "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    [InlineData("registry.ollama.ai/library/llama3@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", null)]
    public void Commit_or_digest_pins_the_source(string source, string? revision)
    {
        Assert.Null(SourcePin.WhyUnpinned(source, revision));
    }

    [Fact]
    public void The_reason_names_the_moving_revision()
    {
        Assert.Contains("'main'", SourcePin.WhyUnpinned("https://huggingface.co/o/r/resolve/main/f.gguf", null));
    }
}
