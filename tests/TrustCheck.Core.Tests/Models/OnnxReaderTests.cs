using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Onnx;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;
using TrustCheck.Tests;
using static TrustCheck.Core.Tests.Models.Proto;

namespace TrustCheck.Core.Tests.Models;

public class OnnxReaderTests
{
    private static ModelInspection Read(byte[] bytes) => new OnnxReader().Inspect(new MemoryStream(bytes), "model.onnx");

    private static ModelInspection ReadCorpus(string relative)
    {
        using var stream = File.OpenRead(TestPaths.CorpusFile(relative));
        return new OnnxReader().Inspect(stream, relative);
    }

    /// <summary>ModelProto { ir_version 8, producer "test", graph { node Relu, initializer }, opset_import ai.onnx 17, metadata_props }.</summary>
    private static byte[] Model(byte[] initializer, params byte[][] metadataProps) => Concat(
        Varint(1, 8),
        String(2, "test-producer"),
        Message(7, Message(1, String(1, "x"), String(2, "y"), String(4, "Relu")), String(2, "g"), initializer),
        Message(8, String(1, ""), Varint(2, 17)),
        Concat(metadataProps));

    private static byte[] ExternalInitializer(string location) =>
        Message(5, Varint(1, 4), Varint(2, 1), String(8, "weight"), Message(13, String(1, "location"), String(2, location)), Message(13, String(1, "offset"), String(2, "0")), Varint(14, 1));

    [Fact]
    public void Model_metadata_props_doc_string_domain_and_version_are_read()
    {
        var inspection = ReadCorpus("onnxruntime_go/example_big_compute.onnx");

        Assert.Empty(inspection.Issues);
        Assert.Equal("pytorch", inspection.Metadata["producer_name"]);
        Assert.Equal("1.13.1", inspection.Metadata["producer_version"]);
        Assert.Equal("test domain", inspection.Metadata["domain"]);
        Assert.Equal("1337", inspection.Metadata["model_version"]);
        Assert.Equal("This is a test description.", inspection.Metadata["doc_string"]);
        Assert.Equal("", inspection.Metadata["test key 1"]);
        Assert.Equal("Test key 2 value", inspection.Metadata["test key 2"]);
        Assert.Equal(7, inspection.Metadata.Count);
    }

    [Fact]
    public void Onnx_ml_domain_is_standard()
    {
        var inspection = ReadCorpus("onnxruntime_go/sklearn_randomforest.onnx");

        Assert.Empty(inspection.Issues);
        Assert.Equal("skl2onnx", inspection.Metadata["producer_name"]);
        Assert.Equal("ai.onnx", inspection.Metadata["domain"]);
        Assert.False(inspection.Metadata.ContainsKey("custom_domains"));
    }

    [Fact]
    public void Custom_operator_domain_is_recorded_and_reported_at_info()
    {
        var inspection = ReadCorpus("onnxruntime_go/example_needs_extensions.onnx");

        Assert.Equal("ai.onnx.contrib", inspection.Metadata["custom_domains"]);
        var issue = Assert.Single(inspection.Issues);
        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Equal(RuleSeverity.Info, issue.Severity);
    }

    [Theory]
    [InlineData("../../etc/passwd", "climbs out")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\Windows\\win.ini", "absolute")]
    [InlineData("weights/../../secret.bin", "climbs out")]
    public void External_data_outside_the_model_folder_is_reported(string location, string why)
    {
        var inspection = Read(Model(ExternalInitializer(location)));

        var issue = Assert.Single(inspection.Issues);
        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Null(issue.Severity);
        Assert.Contains(location, issue.Message);
        Assert.Contains(why, issue.Message);
        Assert.Empty(inspection.ExternalFiles);
    }

    [Fact]
    public void External_data_inside_the_model_folder_is_listed_not_reported()
    {
        var inspection = Read(Model(ExternalInitializer("weights/./model.onnx.data")));

        Assert.Empty(inspection.Issues);
        Assert.Equal(["weights/./model.onnx.data"], inspection.ExternalFiles);
    }

    [Fact]
    public void External_data_in_a_subgraph_attribute_is_found()
    {
        var subgraph = Message(1, String(4, "Constant"), Message(5, String(1, "then_branch"), Message(6, ExternalInitializer("../x.bin"))));
        var model = Concat(Varint(1, 8), Message(7, Message(1, String(4, "If"), Message(5, String(1, "g"), Message(6, subgraph)))));

        Assert.Contains(Read(model).Issues, i => i.RuleId == RuleIds.ModelEmbedsCode && i.Message.Contains("../x.bin"));
    }

    [Fact]
    public void License_comes_from_a_license_metadata_prop()
    {
        var inspection = Read(Model([], Message(14, String(1, "license"), String(2, "Apache-2.0")), Message(14, String(1, "author"), String(2, "me"))));

        Assert.Equal("Apache-2.0", inspection.License);
        Assert.Equal("onnx:metadata_props.license", inspection.LicenseSource);
        Assert.Equal("me", inspection.Metadata["author"]);
    }

    [Fact]
    public void Graphs_nested_beyond_the_depth_cap_are_malformed()
    {
        var graph = Message(1, String(4, "Relu")); // GraphProto content: one node
        for (var i = 0; i < 100; i++)
        {
            graph = Message(1, String(4, "Loop"), Message(5, String(1, "body"), Message(6, graph)));
        }

        var inspection = Read(Concat(Varint(1, 8), Message(7, graph)));

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("nested deeper"));
    }

    [Fact]
    public void Length_running_past_its_message_is_malformed()
    {
        byte[] model = [.. Varint(1, 8), .. Key(7, 2), .. VarintBytes(1UL << 40), 1, 2, 3];

        var issue = Assert.Single(Read(model).Issues);
        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("runs past", issue.Message);
    }

    [Fact]
    public void Every_truncation_of_a_corpus_model_is_handled_without_a_crash()
    {
        var bytes = File.ReadAllBytes(TestPaths.CorpusFile("onnx/simple/test_sequence_model1.onnx"));

        for (var length = 0; length < bytes.Length; length++)
        {
            var inspection = Read(bytes[..length]);
            Assert.NotNull(inspection);
        }

        Assert.Contains(Read(bytes[..(bytes.Length / 2)]).Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }
}
