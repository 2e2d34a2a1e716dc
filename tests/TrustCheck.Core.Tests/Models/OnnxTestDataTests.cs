using TrustCheck.Core.Models;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>ONNX TensorProto files (test_data_set_0/input_0.pb beside ONNX test models) are data, not models.</summary>
public class OnnxTestDataTests
{
    private static string Fixture(string relative) => Path.Combine(DifferentialFixtures.Folder, "files", relative);

    [Fact]
    public void Tensor_proto_written_by_onnx_is_data_not_a_model_and_its_pb_name_promises_nothing()
    {
        using var stream = File.OpenRead(Fixture("onnx_test_data_set_0/input_0.pb"));

        var detected = FormatDetector.Detect(stream, "test_data_set_0/input_0.pb");

        Assert.True(detected.IsModelData, detected.Evidence);
        Assert.Null(FormatDetector.CheckExtension("test_data_set_0/input_0.pb", detected));
    }

    [Fact]
    public void Onnx_model_folder_with_its_test_data_has_no_malformed_finding()
    {
        using var ws = new ModelWorkspace();
        Directory.CreateDirectory(ws.Path("mnist/test_data_set_0"));
        File.Copy(Fixture("onnx_metadata.onnx"), ws.Path("mnist/model.onnx"));
        File.Copy(Fixture("onnx_test_data_set_0/input_0.pb"), ws.Path("mnist/test_data_set_0/input_0.pb"));
        File.Copy(Fixture("onnx_test_data_set_0/input_0.pb"), ws.Path("mnist/test_data_set_0/output_0.pb"));

        var report = ws.Scan("mnist");

        Assert.Empty(report.Rule(RuleIds.ModelMalformed));
        Assert.Empty(report.Rule(RuleIds.ModelFormatMismatch));
        Assert.DoesNotContain(report.Models, m => m.Path.EndsWith(".pb", StringComparison.Ordinal) && m.Format != "onnx");
    }

    [Fact]
    public void A_pb_that_is_neither_graph_nor_tensor_is_still_malformed()
    {
        using var stream = new MemoryStream("not a protobuf at all, just text"u8.ToArray());

        var detected = FormatDetector.Detect(stream, "frozen.pb");

        Assert.False(detected.IsModelData);
        Assert.Equal(RuleIds.ModelMalformed, FormatDetector.CheckExtension("frozen.pb", detected)?.RuleId);
    }
}
