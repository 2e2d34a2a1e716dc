using System.IO.Compression;
using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Hdf5;
using TrustCheck.Core.Models.Keras;
using TrustCheck.Core.Models.TensorFlow;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Models.Proto;

namespace TrustCheck.Core.Tests.Models;

public class SavedModelReaderTests
{
    private static ModelInspection Read(byte[] bytes) => new SavedModelReader().Inspect(new MemoryStream(bytes), "saved_model.pb");

    private static byte[] Node(string name, string op) => Message(1, String(1, name), String(2, op));

    [Fact]
    public void File_system_op_in_a_function_library_is_reported()
    {
        // SavedModel { schema 1, meta_graphs { graph_def { node Const, library { function { node_def ReadFile } } } } }
        var library = Message(2, Message(1, Message(3, String(1, "read"), String(2, "ReadFile"))));
        var saved = Concat(Varint(1, 1), Message(2, Message(2, Node("c", "Const"), library)));

        var issue = Assert.Single(Read(saved).Issues);

        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Contains("ReadFile", issue.Message);
        Assert.Equal("read", issue.Data!["node"]);
    }

    [Fact]
    public void Ordinary_ops_are_clean_and_counted()
    {
        var saved = Concat(Varint(1, 1), Message(2, Message(2, Node("a", "Const"), Node("b", "MatMul"), Node("s", "SaveV2"))));

        var inspection = Read(saved);

        Assert.Empty(inspection.Issues);
        Assert.Equal("3", inspection.Metadata["graph.node_count"]);
    }

    [Fact]
    public void Truncated_graph_is_malformed()
    {
        var saved = Concat(Varint(1, 1), Message(2, Message(2, Node("a", "PyFunc"))));

        Assert.Contains(Read(saved[..^3]).Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }
}

public class KerasReaderTests
{
    private static byte[] KerasZip(string config, string? metadata = """{"keras_version":"3.4.1","date_saved":"2024-07-01@10:00:00"}""")
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "config.json", config);
            if (metadata is not null)
            {
                Write(zip, "metadata.json", metadata);
            }

            Write(zip, "model.weights.h5", "not really hdf5");
        }

        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    private static ModelInspection Read(byte[] bytes) => new KerasReader().Inspect(new MemoryStream(bytes), "model.keras");

    [Fact]
    public void Lambda_layer_is_an_error()
    {
        var config = """{"module":"keras","class_name":"Sequential","config":{"layers":[{"module":"keras.layers","class_name":"Lambda","config":{"name":"evil","function":{"module":"builtins","class_name":"function","config":{"code":"4wEAAAAAAAAA"}}}}]}}""";

        var issue = Assert.Single(Read(KerasZip(config)).Issues);

        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Null(issue.Severity);
        Assert.Contains("Lambda layer 'evil'", issue.Message);
    }

    [Fact]
    public void Custom_object_from_an_unknown_module_is_a_warning()
    {
        var config = """{"module":"keras","class_name":"Functional","config":{"layers":[{"module":"my_company.layers","class_name":"Gate","registered_name":"Custom>Gate","config":{}}]}}""";

        var issue = Assert.Single(Read(KerasZip(config)).Issues);

        Assert.Equal(RuleSeverity.Warning, issue.Severity);
        Assert.Contains("my_company.layers", issue.Message);
    }

    [Fact]
    public void Keras_and_keras_hub_layers_are_clean_and_metadata_is_read()
    {
        var config = """{"module":"keras","class_name":"Functional","config":{"layers":[{"module":"keras.layers","class_name":"Dense","config":{}},{"module":"keras_hub.src.models","class_name":"GemmaBackbone","config":{}}]}}""";

        var inspection = Read(KerasZip(config));

        Assert.Empty(inspection.Issues);
        Assert.Equal("3.4.1", inspection.Metadata["keras_version"]);
        Assert.Equal("Functional", inspection.Metadata["class_name"]);
    }

    [Fact]
    public void Archive_without_config_is_malformed()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "metadata.json", "{}");
        }

        Assert.Contains(Read(buffer.ToArray()).Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("config.json"));
    }
}

public class Hdf5ReaderTests
{
    [Fact]
    public void Lambda_in_the_model_config_attribute_is_an_error()
    {
        using var stream = File.OpenRead(TrustCheck.Tests.TestPaths.CorpusFile("modelaudit/samples/keras/malicious_lambda.h5"));

        var inspection = new Hdf5Reader().Inspect(stream, "malicious_lambda.h5");

        var issue = Assert.Single(inspection.Issues);
        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Contains("eval(", issue.Message);
        Assert.Equal("Sequential", inspection.Metadata["keras.model_config.class_name"]);
    }

    [Fact]
    public void Hdf5_without_a_keras_config_has_no_findings()
    {
        // Written by h5py (tests/fixtures/differential/generate.py): one int16 dataset, no Keras attributes.
        var file = File.ReadAllBytes(Path.Combine(DifferentialFixtures.Folder, "files", "hdf5_plain_data.h5"));

        var inspection = new Hdf5Reader().Inspect(new MemoryStream(file), "data.h5");

        Assert.Empty(inspection.Issues);
        Assert.Empty(inspection.Metadata);
    }
}

public class FrozenGraphDefTests
{
    [Fact]
    public void Frozen_graph_def_pb_is_detected_and_its_ops_are_checked()
    {
        // GraphDef { node { name "in", op "Placeholder" }, node { name "py", op "EagerPyFunc" }, versions { producer 27 } }
        var graph = Proto.Concat(
            Proto.Message(1, Proto.String(1, "in"), Proto.String(2, "Placeholder")),
            Proto.Message(1, Proto.String(1, "py"), Proto.String(2, "EagerPyFunc")),
            Proto.Message(4, Proto.Varint(1, 27)));

        var detected = FormatDetector.Detect(new MemoryStream(graph), "frozen_inference_graph.pb");
        var inspection = new SavedModelReader().Inspect(new MemoryStream(graph), "frozen_inference_graph.pb");

        Assert.Equal(ModelFormats.TensorFlowSavedModel, detected.Format);
        Assert.Contains("GraphDef", detected.Evidence);
        Assert.Equal("GraphDef", inspection.Metadata["graph.kind"]);
        Assert.Equal("2", inspection.Metadata["graph.node_count"]);
        Assert.Contains("EagerPyFunc", Assert.Single(inspection.Issues).Message);
    }
}
