using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Gguf;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

public class GgufReaderTests
{
    private const string MaliciousTemplate = "{% for c in [].__class__.__base__.__subclasses__() %}{% if c.__name__ == 'catch_warnings' %}{{ c()._module.__builtins__['__import__']('os').system('id') }}{% endif %}{% endfor %}";
    private const string BenignTemplate = "{% for message in messages %}{% if message['role'] == 'user' %}{{ '<|user|>' + message['content'] }}{% elif message['role'] == 'assistant' %}{{ message['content'] | trim }}{% else %}{{ raise_exception('Unknown role') }}{% endif %}{% endfor %}";

    private static ModelInspection Read(byte[] bytes, string path = "model.gguf") => new GgufReader().Inspect(new MemoryStream(bytes), path);

    [Fact]
    public void License_name_and_source_come_from_the_general_keys()
    {
        var file = new GgufBuilder()
            .String("general.architecture", "llama")
            .String("general.name", "Tiny Llama")
            .String("general.license", "llama3.1")
            .String("general.license.link", "https://llama.meta.com/llama3_1/license/")
            .String("general.source.url", "https://huggingface.co/meta-llama/Llama-3.1-8B")
            .String("general.base_model.0.name", "Llama 3.1 8B")
            .U32("llama.context_length", 8192)
            .StringArray("tokenizer.ggml.tokens", "<s>", "</s>", "hello")
            .Build();

        var inspection = Read(file);

        Assert.Empty(inspection.Issues);
        Assert.Equal("llama3.1", inspection.License);
        Assert.Equal("gguf:general.license", inspection.LicenseSource);
        Assert.Equal("https://huggingface.co/meta-llama/Llama-3.1-8B", inspection.SourceUrl);
        Assert.Equal("Tiny Llama", inspection.Metadata["general.name"]);
        Assert.Equal("Llama 3.1 8B", inspection.Metadata["general.base_model.0.name"]);
        Assert.Equal("https://llama.meta.com/llama3_1/license/", inspection.Metadata["general.license.link"]);
        Assert.False(inspection.Metadata.ContainsKey("tokenizer.ggml.tokens")); // arrays are skipped, not stringified
        Assert.False(inspection.Metadata.ContainsKey("llama.context_length")); // strings only
    }

    [Fact]
    public void Chat_template_reaching_python_internals_is_an_error()
    {
        var file = new GgufBuilder().String("general.license", "llama3.1").String("tokenizer.chat_template", MaliciousTemplate).Build();

        var issue = Assert.Single(Read(file).Issues);

        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Null(issue.Severity); // the rule's default: error
        Assert.Contains("__subclasses__", issue.Message);
        Assert.Contains("tokenizer.chat_template", issue.Message);
    }

    [Fact]
    public void Named_chat_template_variants_are_inspected_too()
    {
        var file = new GgufBuilder().String("tokenizer.chat_template", BenignTemplate).String("tokenizer.chat_template.tool_use", "{{ cycler.__init__.__globals__.os.popen('id').read() }}").Build();

        var issue = Assert.Single(Read(file).Issues);

        Assert.Contains("tokenizer.chat_template.tool_use", issue.Message);
    }

    [Fact]
    public void Benign_chat_template_is_clean()
    {
        var inspection = Read(new GgufBuilder().String("tokenizer.chat_template", BenignTemplate).Build());

        Assert.Empty(inspection.Issues);
        Assert.Equal(BenignTemplate, inspection.Metadata["tokenizer.chat_template"]);
    }

    [Fact]
    public void String_length_of_two_to_the_sixtieth_is_malformed_without_allocating()
    {
        var builder = new GgufBuilder();
        var file = builder.Raw("general.name", 8, [.. GgufBuilder.U64Bytes(1UL << 60), .. "abc"u8]).Build();

        var issue = Assert.Single(Read(file).Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("1152921504606846976", issue.Message);
    }

    [Fact]
    public void Key_value_count_larger_than_the_file_can_hold_is_malformed()
    {
        var file = new GgufBuilder().String("general.name", "x").Build(kvCountOverride: ulong.MaxValue);

        var issue = Assert.Single(Read(file).Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("key/value", issue.Message);
    }

    [Fact]
    public void Array_count_larger_than_the_file_can_hold_is_malformed()
    {
        var builder = new GgufBuilder();
        var file = builder.Raw("tokenizer.ggml.scores", 9, [.. GgufBuilder.U32Bytes(6), .. builder.Count(1UL << 40)]).Build();

        Assert.Contains(Read(file).Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("tokenizer.ggml.scores"));
    }

    [Fact]
    public void Nested_arrays_and_tensor_infos_are_walked_to_the_end()
    {
        var file = new GgufBuilder()
            .NestedU8Array("test.nested", [1, 2, 3], [4])
            .String("general.name", "after-the-array")
            .DataTensor("token_embd.weight", [64, 8])
            .BuildLoadable();

        var inspection = Read(file);

        Assert.Empty(inspection.Issues);
        Assert.Equal("after-the-array", inspection.Metadata["general.name"]);
    }

    [Fact]
    public void Version_1_files_use_32_bit_lengths_and_are_read_though_llama_cpp_refuses_them()
    {
        var file = new GgufBuilder(version: 1).String("general.name", "v1 model").String("general.license", "mit").DataTensor("w", [2, 2]).BuildLoadable();

        var inspection = Read(file);

        Assert.Contains("GGUFv1 is no longer supported", Assert.Single(inspection.Issues).Message);
        Assert.Equal("v1 model", inspection.Metadata["general.name"]);
        Assert.Equal("mit", inspection.License);
    }

    [Fact]
    public void Unknown_value_type_is_malformed()
    {
        var file = new GgufBuilder().Raw("general.weird", 99, [1, 2, 3, 4]).Build();

        Assert.Contains(Read(file).Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("unknown value type 99"));
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_malformed_never_a_crash()
    {
        var file = new GgufBuilder().String("general.name", "cut").String("tokenizer.chat_template", BenignTemplate).Tensor("w", [8], 0, 0).Build();

        for (var length = 0; length < file.Length; length++)
        {
            var inspection = Read(file[..length]);
            Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        }
    }

    [Fact]
    public void Phi3_vocab_file_exposes_its_general_keys_and_a_clean_chat_template()
    {
        var inspection = ReadCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf");

        Assert.Empty(inspection.Issues);
        Assert.Equal("phi3", inspection.Metadata["general.architecture"]);
        Assert.Equal("Phi3", inspection.Metadata["general.name"]);
        Assert.Equal("llama", inspection.Metadata["tokenizer.ggml.model"]);
        Assert.StartsWith("{{ bos_token }}{% for message in messages %}", inspection.Metadata["tokenizer.chat_template"]);
        Assert.Null(inspection.License);
    }

    [Fact]
    public void Bert_vocab_file_exposes_only_its_string_keys()
    {
        var inspection = ReadCorpus("ggml-llama.cpp/ggml-vocab-bert-bge.gguf");

        Assert.Empty(inspection.Issues);
        Assert.Equal(
            ["general.architecture", "general.name", "tokenizer.ggml.model", "tokenizer.ggml.pre"],
            inspection.Metadata.Keys);
        Assert.Equal("bert-bge", inspection.Metadata["general.name"]);
    }

    [Fact]
    public void Corrupted_vocab_file_is_malformed_and_names_the_runaway_length()
    {
        var inspection = ReadCorpus("llama-jni-bridge/ggml-vocab-bert-bge.mangled.gguf");

        var issue = Assert.Single(inspection.Issues);
        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("runs past the end of the file", issue.Message);
    }

    private static ModelInspection ReadCorpus(string relative)
    {
        using var stream = File.OpenRead(TestPaths.CorpusFile(relative));
        return new GgufReader().Inspect(stream, relative);
    }
}
