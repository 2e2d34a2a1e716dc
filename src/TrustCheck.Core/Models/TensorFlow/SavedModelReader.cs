using System.Text.Json;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Protobuf;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.TensorFlow;

/// <summary>
/// Walks a TensorFlow saved_model.pb (SavedModel → meta_graphs → graph_def → node, and graph_def.library → function →
/// node_def), or a frozen GraphDef .pb (the same walk from the graph), with a bounded protobuf reader and flags ops that run Python or touch the file system
/// (Data/tensorflow-unsafe-ops.json) as TC3012. Never loads or executes the graph.
/// </summary>
public sealed class SavedModelReader : IModelReader
{
    private const int MaxNameBytes = 4096;
    private const int MaxDepth = 16;
    private const int MaxReported = 100;

    private static readonly Lazy<Dictionary<string, string>> UnsafeOps = new(LoadUnsafeOps);

    public string Format => ModelFormats.TensorFlowSavedModel;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var found = new List<(string Op, string Node)>();
        var reader = new ProtoWireReader(stream, 0, stream.Length);
        var nodes = 0;
        try
        {
            if (IsGraphDefRoot(stream))
            {
                inspection.Metadata["graph.kind"] = "GraphDef";
                ReadGraph(reader, found, ref nodes); // a frozen TF1 graph (.pb): the GraphDef is the root message
            }
            else
            {
                ForEach(reader, 2, () => // SavedModel.meta_graphs
                    ForEach(reader, 2, () => // MetaGraphDef.graph_def
                        ReadGraph(reader, found, ref nodes)));
            }
        }
        catch (MalformedModelException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: malformed SavedModel protobuf: {ex.Message}. TensorFlow will reject it; re-export or re-download the model.");
        }
        catch (IOException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: saved_model.pb could not be read: {ex.Message}.");
        }

        inspection.Metadata["graph.node_count"] = nodes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (op, node) in found.Distinct().Take(MaxReported))
        {
            inspection.AddIssue(
                RuleIds.ModelEmbedsCode,
                $"{path}: graph node '{node}' uses the TensorFlow op {op}, which {UnsafeOps.Value[op]} when the model runs. Do not load this SavedModel unless you trust its author; re-export it without the op.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["op"] = op, ["node"] = node });
        }

        return inspection;
    }

    /// <summary>SavedModel's field 1 is a varint (schema version); GraphDef's field 1 is a node message.</summary>
    private static bool IsGraphDefRoot(Stream stream)
    {
        var first = StreamBytes.ReadAt(stream, 0, 1);
        stream.Position = 0;
        return first.Length == 1 && first[0] == 0x0A; // tag: field 1, wire type 2
    }

    private static void ReadGraph(ProtoWireReader reader, List<(string, string)> found, ref int nodes)
    {
        var count = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                reader.BeginMessage(MaxDepth);
                ReadNode(reader, found);
                reader.EndMessage();
                count++;
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                // GraphDef.library (FunctionDefLibrary) → function (1) → node_def (3)
                reader.BeginMessage(MaxDepth);
                ForEach(reader, 1, () => ForEach(reader, 3, () => { ReadNode(reader, found); }));
                reader.EndMessage();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        nodes += count;
    }

    private static void ReadNode(ProtoWireReader reader, List<(string, string)> found)
    {
        string name = "", op = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, WireType.LengthDelimited): name = reader.ReadString(MaxNameBytes, out _); break;
                case (2, WireType.LengthDelimited): op = reader.ReadString(MaxNameBytes, out _); break;
                default: reader.Skip(wire); break;
            }
        }

        if (UnsafeOps.Value.ContainsKey(op))
        {
            found.Add((op, name));
        }
    }

    /// <summary>Runs <paramref name="read"/> inside every length-delimited <paramref name="wanted"/> field of the current message.</summary>
    private static void ForEach(ProtoWireReader reader, int wanted, Action read)
    {
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == wanted && wire == WireType.LengthDelimited)
            {
                reader.BeginMessage(MaxDepth);
                read();
                reader.EndMessage();
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static Dictionary<string, string> LoadUnsafeOps()
    {
        using var stream = typeof(SavedModelReader).Assembly.GetManifestResourceStream("TrustCheck.Data.tensorflow-unsafe-ops.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.tensorflow-unsafe-ops.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("ops").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}
