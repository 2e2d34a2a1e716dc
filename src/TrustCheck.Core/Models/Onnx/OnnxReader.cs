using System.Globalization;
using System.Text.Json;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Protobuf;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Onnx;

/// <summary>
/// Reads an ONNX ModelProto with a bounded protobuf wire reader (field numbers from onnx.proto): producer, domain,
/// model_version, doc_string and metadata_props into metadata; opset and node domains (custom domains need native
/// custom-op code: TC3012 at info); external-data locations of every tensor in the graph, nested graphs, functions and
/// training info (absolute or escaping the model folder: TC3012). Initializer bytes are seeked over, never read.
/// </summary>
public sealed class OnnxReader : IModelReader
{
    public const int MaxStringBytes = 1024 * 1024;
    public const int MaxMessageDepth = 64;
    private const int MaxRecordedValues = 10_000;

    private static readonly Lazy<HashSet<string>> StandardDomains = new(LoadStandardDomains);

    public string Format => ModelFormats.Onnx;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var walker = new Walker(stream, path, inspection);
        try
        {
            walker.ReadModel();
        }
        catch (MalformedModelException ex)
        {
            inspection.AddIssue(
                RuleIds.ModelMalformed,
                $"{path}: malformed ONNX file: {ex.Message}. ONNX Runtime will reject or misread it; re-export or re-download the model.");
        }
        catch (IOException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the ONNX file could not be read: {ex.Message}.");
        }

        walker.ReportDomains();
        return inspection;
    }

    private sealed class Walker(Stream stream, string path, ModelInspection inspection)
    {
        private readonly ProtoWireReader _reader = new(stream, 0, stream.Length);
        private readonly SortedSet<string> _domains = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedLocations = new(StringComparer.Ordinal);
        private bool _sawGraph;

        public void ReadModel()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (2, WireType.LengthDelimited): SetIfPresent("producer_name", ReadString()); break;
                    case (3, WireType.LengthDelimited): SetIfPresent("producer_version", ReadString()); break;
                    case (4, WireType.LengthDelimited): SetIfPresent("domain", ReadString()); break;
                    case (5, WireType.Varint): inspection.Metadata["model_version"] = ((long)_reader.ReadVarint()).ToString(CultureInfo.InvariantCulture); break;
                    case (6, WireType.LengthDelimited): SetIfPresent("doc_string", ReadString()); break;
                    case (7, WireType.LengthDelimited): _sawGraph = true; Message(ReadGraph); break;
                    case (8, WireType.LengthDelimited): Message(ReadOpsetImport); break;
                    case (14, WireType.LengthDelimited): Message(ReadMetadataProp); break;
                    case (20, WireType.LengthDelimited): Message(ReadTrainingInfo); break;
                    case (25, WireType.LengthDelimited): Message(ReadFunction); break;
                    default: _reader.Skip(wire); break;
                }
            }

            if (!_sawGraph)
            {
                inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the ONNX model has no graph, so there is nothing to run; re-export the model.");
            }

            ApplyLicense();
        }

        public void ReportDomains()
        {
            var custom = _domains.Where(d => !StandardDomains.Value.Contains(d)).ToList();
            if (custom.Count == 0)
            {
                return;
            }

            var list = string.Join(", ", custom);
            inspection.Metadata["custom_domains"] = list;
            inspection.AddIssue(
                RuleIds.ModelEmbedsCode,
                RuleSeverity.Info,
                $"{path}: the ONNX model uses operators from non-standard domain(s) {list}; running it needs a custom-op library (native code) registered with the runtime. Make sure that library comes from a trusted source and is pinned.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["custom_domains"] = list });
        }

        /// <summary>proto2 writers emit empty optional strings; an empty producer/domain/doc_string says nothing.</summary>
        private void SetIfPresent(string key, string value)
        {
            if (value.Length > 0)
            {
                inspection.Metadata[key] = value;
            }
        }

        private void ReadMetadataProp()
        {
            var (key, value) = ReadStringEntry();
            if (key is not null)
            {
                inspection.Metadata[key] = value ?? "";
            }
        }

        private void ApplyLicense()
        {
            foreach (var (key, value) in inspection.Metadata)
            {
                if (key.Equals("license", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
                {
                    inspection.License = value;
                    inspection.LicenseSource = "onnx:metadata_props." + key;
                    return;
                }
            }
        }

        private void ReadOpsetImport()
        {
            var domain = "";
            while (_reader.TryReadTag(out var field, out var wire))
            {
                if (field == 1 && wire == WireType.LengthDelimited)
                {
                    domain = ReadString();
                }
                else
                {
                    _reader.Skip(wire);
                }
            }

            AddDomain(domain);
        }

        private void ReadGraph()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (1, WireType.LengthDelimited): Message(ReadNode); break;
                    case (5, WireType.LengthDelimited): Message(ReadTensor); break;
                    case (15, WireType.LengthDelimited): Message(ReadSparseTensor); break;
                    default: _reader.Skip(wire); break;
                }
            }
        }

        private void ReadNode()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (7, WireType.LengthDelimited): AddDomain(ReadString()); break;
                    case (5, WireType.LengthDelimited): Message(ReadAttribute); break;
                    default: _reader.Skip(wire); break;
                }
            }
        }

        private void ReadAttribute()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (5 or 10, WireType.LengthDelimited): Message(ReadTensor); break;
                    case (6 or 11, WireType.LengthDelimited): Message(ReadGraph); break;
                    case (22 or 23, WireType.LengthDelimited): Message(ReadSparseTensor); break;
                    default: _reader.Skip(wire); break;
                }
            }
        }

        private void ReadFunction()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (7, WireType.LengthDelimited): Message(ReadNode); break;
                    case (9, WireType.LengthDelimited): Message(ReadOpsetImport); break;
                    default: _reader.Skip(wire); break;
                }
            }
        }

        private void ReadTrainingInfo()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                if (field is 1 or 2 && wire == WireType.LengthDelimited)
                {
                    Message(ReadGraph);
                }
                else
                {
                    _reader.Skip(wire);
                }
            }
        }

        private void ReadSparseTensor()
        {
            while (_reader.TryReadTag(out var field, out var wire))
            {
                if (field is 1 or 2 && wire == WireType.LengthDelimited)
                {
                    Message(ReadTensor);
                }
                else
                {
                    _reader.Skip(wire);
                }
            }
        }

        private void ReadTensor()
        {
            string name = "", location = "";
            var external = false;
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (8, WireType.LengthDelimited): name = ReadString(); break;
                    case (14, WireType.Varint): external = _reader.ReadVarint() == 1; break;
                    case (13, WireType.LengthDelimited):
                        _reader.BeginMessage(MaxMessageDepth);
                        var (key, value) = ReadStringEntry();
                        _reader.EndMessage();
                        if (key == "location")
                        {
                            location = value ?? "";
                        }

                        break;
                    default: _reader.Skip(wire); break;
                }
            }

            if (location.Length > 0 || external)
            {
                CheckExternalLocation(name, location);
            }
        }

        private void CheckExternalLocation(string tensor, string location)
        {
            if (!_reportedLocations.Add(location) || _reportedLocations.Count > MaxRecordedValues)
            {
                return;
            }

            if (location.Length == 0)
            {
                inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: tensor '{tensor}' is marked as external data but has no location.");
                return;
            }

            if (ExternalDataPath.Escapes(location) is { } why)
            {
                inspection.AddIssue(
                    RuleIds.ModelEmbedsCode,
                    $"{path}: tensor '{tensor}' loads its external data from '{location}', which {why}. A runtime following it reads (or memory-maps) an arbitrary file on the machine; external data must be a relative path inside the model folder. Re-export the model with its weights beside it.",
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["tensor"] = tensor, ["location"] = location });
            }
            else
            {
                inspection.ExternalFiles.Add(location.Replace('\\', '/'));
            }
        }

        private (string? Key, string? Value) ReadStringEntry()
        {
            string? key = null, value = null;
            while (_reader.TryReadTag(out var field, out var wire))
            {
                switch (field, wire)
                {
                    case (1, WireType.LengthDelimited): key = ReadString(); break;
                    case (2, WireType.LengthDelimited): value = ReadString(); break;
                    default: _reader.Skip(wire); break;
                }
            }

            return (key, value);
        }

        private void AddDomain(string domain)
        {
            if (_domains.Count < MaxRecordedValues)
            {
                _domains.Add(domain);
            }
        }

        private void Message(Action read)
        {
            _reader.BeginMessage(MaxMessageDepth);
            read();
            _reader.EndMessage();
        }

        private string ReadString() => _reader.ReadString(MaxStringBytes, out _);
    }

    private static HashSet<string> LoadStandardDomains()
    {
        using var stream = typeof(OnnxReader).Assembly.GetManifestResourceStream("TrustCheck.Data.onnx-standard-domains.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.onnx-standard-domains.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
