using System.IO.Compression;
using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Core.Models.Hdf5;
using TrustCheck.Core.Models.Keras;
using TrustCheck.Core.Models.Safetensors;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Inputs found by the mutation fuzzer (benchmarks/fuzz): System.Text.Json parses invalid UTF-8 inside strings and
/// lone-surrogate escapes without complaint and throws only when the string is read. Each must be TC3013, not a crash.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Safetensors_header_with_invalid_utf8_in_a_metadata_value_is_malformed()
    {
        byte[] header = [.. Ascii("{\"__metadata__\":{\"a\":\""), .. InvalidUtf8, .. Ascii("\"},\"t\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}")];
        byte[] file = [.. GgufBuilder.U64Bytes((ulong)header.Length), .. header, 0];

        var issue = Assert.Single(new SafetensorsReader().Inspect(new MemoryStream(file), "m.safetensors").Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("UTF-8", issue.Message);
    }

    [Fact]
    public void Safetensors_header_with_a_lone_surrogate_escape_is_malformed()
    {
        var file = SafetensorsBuilder.Build("""{"__metadata__":{"a":"\udc00"},"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1);

        Assert.Equal(RuleIds.ModelMalformed, Assert.Single(new SafetensorsReader().Inspect(new MemoryStream(file), "m.safetensors").Issues).RuleId);
    }

    [Fact]
    public void Hdf5_model_config_with_invalid_strings_does_not_crash()
    {
        byte[] file = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, .. """{"class_name": "Sequential", "config": {"layers": [{"class_name": "\udc00"}]}}"""u8, 0,
            .. Ascii("{\"class_name\": \"X\", \"module\": \""), .. InvalidUtf8, .. Ascii("\"}"), 0];

        var inspection = new Hdf5Reader().Inspect(new MemoryStream(file), "m.h5");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Fact]
    public void Keras_config_with_invalid_utf8_is_malformed()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("config.json").Open();
            entry.Write([.. Ascii("{\"class_name\": \""), .. InvalidUtf8, .. Ascii("\"}")]);
        }

        var issue = Assert.Single(new KerasReader().Inspect(new MemoryStream(buffer.ToArray()), "m.keras").Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
    }

    [Fact]
    public void Tokenizer_config_with_a_lone_surrogate_escape_is_malformed()
    {
        var json = Encoding.UTF8.GetBytes("""{"chat_template": "\udc00{{ x }}"}""");

        var issue = Assert.Single(ChatTemplateInspector.InspectFile(new MemoryStream(json), "tokenizer_config.json"));

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
    }

    [Fact]
    public void Detection_then_reading_a_mutated_hdf5_sample_does_not_crash()
    {
        var bytes = File.ReadAllBytes(TrustCheck.Tests.TestPaths.CorpusFile("modelaudit/samples/keras/safe_model.h5"));
        var text = Encoding.Latin1.GetString(bytes);
        var at = text.IndexOf("\"safe_model\"", StringComparison.Ordinal);
        bytes[at + 2] = 0xFF; // invalid UTF-8 inside the layer name

        var stream = new MemoryStream(bytes);
        var detected = FormatDetector.Detect(stream, "safe_model.h5");
        stream.Position = 0;
        var inspection = ModelReaders.For(detected.Format)!.Inspect(stream, "safe_model.h5");

        Assert.Equal(ModelFormats.Hdf5, detected.Format);
        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelEmbedsCode);
    }

    [Fact]
    public void Chained_computed_stack_globals_cost_memory_linear_in_the_input()
    {
        // Fuzz find (lz4 seeds): STACK_GLOBAL on the previous STACK_GLOBAL's result, 4,000 times (8 KB). Each global's
        // description nested all earlier ones: 3.7 GB allocated, 16 s. Now bounded descriptions, still an error.
        byte[] data = [0x80, 0x04, .. Enumerable.Repeat(new byte[] { (byte)'N', 0x93 }, 4000).SelectMany(b => b), (byte)'.'];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var inspection = new TrustCheck.Core.Models.Pickle.PickleReader().Inspect(new MemoryStream(data), "chain.pkl");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 100L * 1024 * 1024);
        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Message.Contains("computed at load time", StringComparison.Ordinal));
        Assert.All(inspection.Issues, i => Assert.InRange(i.Message.Length, 0, 2000));
    }
}
