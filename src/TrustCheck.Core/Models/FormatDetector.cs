using System.Text;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Protobuf;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>
/// Identifies a model file's format from its content (magic bytes, zip member names, header shape), never from its
/// extension alone; <see cref="CheckExtension"/> then compares the content with what the name promises (TC3014).
/// Reads at most a few KB plus the zip central directory; never throws for bad input.
/// </summary>
public static class FormatDetector
{
    private const int HeadLength = 4096;
    private const long MaxSafetensorsHeader = Safetensors.SafetensorsReader.MaxHeaderLength;

    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();
    private static readonly byte[] NumpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private static readonly byte[] Hdf5Magic = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] TfLiteIdentifier = "TFL3"u8.ToArray();
    private static readonly byte[] ZipLocalMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEmptyMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] SevenZipMagic = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C];

    /// <summary>PyTorch's legacy serialization starts with pickle PROTO 2, LONG1 of 10 bytes = 0x1950a86a20f9469cfc6c.</summary>
    private static readonly byte[] PyTorchLegacyMagic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19];

    private static readonly (byte[] Magic, string Name)[] OtherSignatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "PNG image signature"),
        ([0xFF, 0xD8, 0xFF], "JPEG image signature"),
        ([0x1F, 0x8B], "gzip stream"),
        ("%PDF"u8.ToArray(), "PDF document"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "ELF executable"),
        ("MZ"u8.ToArray(), "Windows executable (MZ)"),
        ("version https://git-lfs"u8.ToArray(), "Git LFS pointer file, not the model content"),
    ];

    public static DetectedFormat Detect(Stream stream, string path)
    {
        try
        {
            stream.Position = 0;
            return DetectCore(stream, path);
        }
        catch (Exception ex) when (ex is IOException or MalformedModelException or NotSupportedException)
        {
            return new DetectedFormat(ModelFormats.Unknown, "could not be read: " + ex.Message);
        }
    }

    /// <summary>
    /// TC3014 when the content is a different known format than the name promises (a pickle named .safetensors, a zip
    /// named .onnx); TC3013 when the name promises a model format but the content is none we recognise (a PNG named .pt).
    /// Null when the name says nothing or agrees.
    /// </summary>
    public static ModelIssue? CheckExtension(string path, DetectedFormat detected)
    {
        var expected = ModelExtensionTable.ExpectedFormats(path);
        if (expected.Count == 0 || detected.IsModelData || expected.Contains(detected.Format, StringComparer.Ordinal))
        {
            return null;
        }

        var name = Path.GetFileName(path);
        var promised = string.Join(" or ", expected);
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["expected"] = promised,
            ["detected"] = detected.Format,
            ["evidence"] = detected.Evidence,
        };
        if (detected.IsKnown || detected.Container is not null)
        {
            var actual = detected.IsKnown ? detected.Format : detected.Container + " archive";
            return new ModelIssue(
                RuleIds.ModelFormatMismatch,
                $"{path}: the name '{name}' promises {promised} but the content is {actual} ({detected.Evidence}). A loader that trusts the name may run the wrong, possibly unsafe, deserializer. Rename the file to match its content or replace it with a genuine {expected[0]} file.",
                data);
        }

        return new ModelIssue(
            RuleIds.ModelMalformed,
            $"{path}: the name '{name}' promises {promised} but the content is not a recognisable model file ({detected.Evidence}). The file is broken, truncated or not what its name claims; replace it with the real model file.",
            data);
    }

    private static DetectedFormat DetectCore(Stream stream, string path)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return new DetectedFormat(ModelFormats.Unknown, "empty file");
        }

        var head = StreamBytes.ReadAt(stream, 0, HeadLength);
        var name = Path.GetFileName(path);

        if (StreamBytes.StartsWith(head, 0, GgufMagic))
        {
            return new DetectedFormat(ModelFormats.Gguf, head.Length >= 8 ? $"GGUF magic, version {StreamBytes.U32(head, 4)}" : "GGUF magic");
        }

        if (StreamBytes.StartsWith(head, 0, NumpyMagic))
        {
            return new DetectedFormat(ModelFormats.Numpy, "\\x93NUMPY magic (.npy)");
        }

        if (StreamBytes.StartsWith(head, 0, Hdf5Magic))
        {
            return new DetectedFormat(ModelFormats.Hdf5, "HDF5 superblock signature at offset 0");
        }

        if (StreamBytes.StartsWith(head, 0, ZipLocalMagic) || StreamBytes.StartsWith(head, 0, ZipEmptyMagic))
        {
            return DetectZip(stream);
        }

        if (StreamBytes.StartsWith(head, 0, SevenZipMagic))
        {
            return new DetectedFormat(ModelFormats.Unknown, "7z archive") { Container = "7z" };
        }

        if (StreamBytes.StartsWith(head, 0, PyTorchLegacyMagic))
        {
            return new DetectedFormat(ModelFormats.PyTorch, "legacy PyTorch pickle: PROTO 2 then the LONG1 magic number 0x1950a86a20f9469cfc6c");
        }

        // Structure before signatures: a file whose whole header parses and fits is that format, even when its first
        // bytes also happen to read as a pickle opcode (a safetensors header length of 0x0580 starts with PROTO 5).
        if (ValidSafetensorsHeader(stream, head, length) is { } validHeader)
        {
            return new DetectedFormat(ModelFormats.Safetensors, $"8-byte little-endian header length {validHeader} followed by a JSON object that fills it");
        }

        if (ProtobufShape.IsOnnxModel(stream) is { } onnxIrVersion)
        {
            return new DetectedFormat(ModelFormats.Onnx, $"protobuf ModelProto shape, ir_version {onnxIrVersion}");
        }

        // After a user block HDF5 puts its superblock at 512, 1024, …: weaker than a header that parses from byte 0.
        if (FindHdf5Superblock(stream) is { } superblock)
        {
            return new DetectedFormat(ModelFormats.Hdf5, $"HDF5 superblock signature at offset {superblock}");
        }

        if (StreamBytes.StartsWith(head, 4, TfLiteIdentifier) && StreamBytes.U32(head, 0) is var root && root >= 8 && root < length)
        {
            return new DetectedFormat(ModelFormats.TfLite, "flatbuffer file identifier TFL3 at offset 4");
        }

        if ((PickleSignature.Matches(head, length) ?? Pickle.PickleSniffer.Recognise(stream, head)) is { } pickleEvidence)
        {
            return name.EndsWith(".joblib", StringComparison.OrdinalIgnoreCase)
                ? new DetectedFormat(ModelFormats.Joblib, pickleEvidence + " in a .joblib file")
                : new DetectedFormat(ModelFormats.Pickle, pickleEvidence);
        }

        if (Joblib.CompressedModel.Detect(stream, head, name) is { } compressed)
        {
            return compressed;
        }

        if (LooksLikeSafetensors(head, length) is { } headerLength)
        {
            return new DetectedFormat(ModelFormats.Safetensors, $"8-byte little-endian header length {headerLength} followed by a JSON object");
        }

        if (IsModelCardName(name) && IsText(head))
        {
            return new DetectedFormat(
                ModelFormats.ModelCard,
                HasFrontMatter(head) ? "Markdown model card with YAML front matter" : "Markdown model card without YAML front matter");
        }

        if (name.Equals("saved_model.pb", StringComparison.OrdinalIgnoreCase) && ProtobufShape.IsSavedModel(stream, requireVersion: false))
        {
            return new DetectedFormat(ModelFormats.TensorFlowSavedModel, "saved_model.pb with the SavedModel protobuf shape (meta_graphs)");
        }

        if (ProtobufShape.IsSavedModel(stream, requireVersion: true))
        {
            return new DetectedFormat(ModelFormats.TensorFlowSavedModel, "SavedModel protobuf shape (saved_model_schema_version, meta_graphs)");
        }

        if (name.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) && ProtobufShape.IsTensorProto(stream))
        {
            return new DetectedFormat(ModelFormats.Unknown, "ONNX TensorProto (tensor test data, not a model)") { IsModelData = true };
        }

        if (name.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) && ProtobufShape.IsGraphDef(stream))
        {
            return new DetectedFormat(ModelFormats.TensorFlowSavedModel, "frozen TensorFlow GraphDef protobuf (nodes with name and op)");
        }

        return new DetectedFormat(ModelFormats.Unknown, DescribeUnknown(head));
    }

    private static DetectedFormat DetectZip(Stream stream)
    {
        var members = ZipCentralDirectory.List(stream);
        var names = members.Select(m => m.Name).ToList();
        var pickleMembers = members.Where(m => m.Name.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase)).ToList();
        if (pickleMembers.Count > 0)
        {
            return new DetectedFormat(ModelFormats.PyTorch, $"zip archive with pickle member {pickleMembers[0].Name}");
        }

        if (members.Count > 0 && members.All(m => m.Name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)))
        {
            return new DetectedFormat(ModelFormats.Numpy, $"zip archive of {members.Count} .npy members (.npz)");
        }

        var baseNames = names.Select(n => n.Replace('\\', '/').TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        if (baseNames.Contains("config.json") && (baseNames.Contains("metadata.json") || baseNames.Contains("model.weights.h5")))
        {
            return new DetectedFormat(ModelFormats.Keras, "Keras v3 zip (config.json with metadata.json / model.weights.h5)");
        }

        // A member whose stored bytes start like a pickle, whatever its name (e.g. data.txt holding a pickle).
        foreach (var member in members.Take(256))
        {
            var data = ZipCentralDirectory.PeekData(stream, member, Pickle.PickleSniffer.HeadLength);
            if (data.Length >= 2 && (PickleSignature.Matches(data, member.CompressedSize) is not null || Pickle.PickleSniffer.RecogniseHead(data, long.MaxValue, out var longer) is not null || longer))
            {
                return new DetectedFormat(ModelFormats.PyTorch, $"zip archive whose member {member.Name} holds a pickle");
            }
        }

        var evidence = members.Count == 0
            ? "zip archive with no readable members"
            : $"zip archive without model members ({members.Count} members, e.g. {members[0].Name})";
        return new DetectedFormat(ModelFormats.Unknown, evidence) { Container = "zip" };
    }

    /// <summary>HDF5 puts its superblock at 0, 512, 1024, 2048, … (a user block may precede it).</summary>
    private static long? FindHdf5Superblock(Stream stream)
    {
        for (long offset = 0; offset < stream.Length && offset <= 1L << 30; offset = offset == 0 ? 512 : offset * 2)
        {
            if (StreamBytes.StartsWith(StreamBytes.ReadAt(stream, offset, Hdf5Magic.Length), 0, Hdf5Magic))
            {
                return offset;
            }
        }

        return null;
    }

    /// <summary>Headers up to this size are parsed whole during detection; larger ones fall back to the shape check.</summary>
    private const int MaxValidatedSafetensorsHeader = 16 * 1024 * 1024;

    /// <summary>
    /// The header length when the header is a JSON object that fills exactly the declared length (trailing spaces are
    /// the format's padding) and whose members are tensor entries or __metadata__: the structure, not a first byte.
    /// </summary>
    private static ulong? ValidSafetensorsHeader(Stream stream, byte[] head, long length)
    {
        if (LooksLikeSafetensors(head, length) is not { } headerLength || headerLength > MaxValidatedSafetensorsHeader)
        {
            return null;
        }

        var header = headerLength <= (ulong)(head.Length - 8) ? head.AsSpan(8, (int)headerLength).ToArray() : StreamBytes.ReadAt(stream, 8, (int)headerLength);
        if (header.Length != (int)headerLength)
        {
            return null;
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(header, new System.Text.Json.JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
                {
                    return null;
                }

                reader.Skip();
            }

            if (reader.TokenType != System.Text.Json.JsonTokenType.EndObject)
            {
                return null;
            }

            var rest = header.AsSpan((int)reader.BytesConsumed);
            return rest.Trim(" \t\r\n\0"u8).IsEmpty ? headerLength : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static ulong? LooksLikeSafetensors(byte[] head, long length)
    {
        if (head.Length < 10)
        {
            return null;
        }

        var headerLength = StreamBytes.U64(head, 0);
        if (headerLength < 2 || headerLength > MaxSafetensorsHeader || headerLength > (ulong)(length - 8))
        {
            return null;
        }

        var i = 8;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i < head.Length && head[i] == (byte)'{' ? headerLength : null;
    }

    private static bool IsModelCardName(string name) =>
        name.Equals("README.md", StringComparison.OrdinalIgnoreCase) || name.Equals("MODEL_CARD.md", StringComparison.OrdinalIgnoreCase)
        || name.Equals("modelcard.md", StringComparison.OrdinalIgnoreCase);

    internal static bool HasFrontMatter(byte[] head)
    {
        var offset = StreamBytes.StartsWith(head, 0, [0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return StreamBytes.StartsWith(head, offset, "---\n"u8) || StreamBytes.StartsWith(head, offset, "---\r\n"u8);
    }

    /// <summary>No NUL and valid UTF-8 (allowing a sequence cut at the end of the sample).</summary>
    private static bool IsText(byte[] head)
    {
        if (head.AsSpan().Contains((byte)0))
        {
            return false;
        }

        var sample = head.AsSpan();
        for (var cut = 0; cut <= 3 && sample.Length > 0; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(sample))
            {
                return true;
            }

            if (head.Length < HeadLength)
            {
                return false; // the whole file was sampled: nothing was cut
            }

            sample = sample[..^1];
        }

        return false;
    }

    private static string DescribeUnknown(byte[] head)
    {
        foreach (var (magic, description) in OtherSignatures)
        {
            if (StreamBytes.StartsWith(head, 0, magic))
            {
                return description;
            }
        }

        if (IsText(head))
        {
            var first = head.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
            return first.Length > 0 && first[0] is (byte)'{' or (byte)'[' ? "JSON text" : "text";
        }

        var prefix = Convert.ToHexString(head.AsSpan(0, Math.Min(8, head.Length))).ToLowerInvariant();
        return $"no known signature (first bytes {prefix})";
    }

    /// <summary>Cheap pickle recognition: PROTO 2–5, or a protocol 0/1 stream that starts with a plausible text opcode.</summary>
    private static class PickleSignature
    {
        public static string? Matches(byte[] head, long length)
        {
            if (head.Length >= 2 && head[0] == 0x80 && head[1] <= 5)
            {
                return $"pickle stream, protocol {head[1]}";
            }

            if (head.Length < 2)
            {
                return null;
            }

            var text = Encoding.Latin1.GetString(head, 0, Math.Min(head.Length, 256));
            var looksLikeProtocol0 = head[0] switch
            {
                (byte)'c' => IsGlobalOpcode(text),
                (byte)'(' => "SVIFLlNdtcp](}"u8.Contains(head[1]),
                (byte)'S' => head[1] is (byte)'\'' or (byte)'"',
                (byte)'V' => text.IndexOf('\n') is > 0 and var newline && newline + 1 < text.Length && "p0aqtR.)"u8.Contains((byte)text[newline + 1]),
                (byte)']' or (byte)'}' or (byte)')' => "pqa(.uesb"u8.Contains(head[1]),
                _ => false,
            };
            return looksLikeProtocol0 ? "pickle stream, protocol 0/1 text opcodes" : null;
        }

        /// <summary>GLOBAL: 'c' module '\n' name '\n', both Python identifiers (dotted for the module).</summary>
        private static bool IsGlobalOpcode(string text)
        {
            var first = text.IndexOf('\n');
            var second = first < 0 ? -1 : text.IndexOf('\n', first + 1);
            return first > 1 && second > first + 1
                && IsDottedIdentifier(text.AsSpan(1, first - 1)) && IsDottedIdentifier(text.AsSpan(first + 1, second - first - 1));
        }

        private static bool IsDottedIdentifier(ReadOnlySpan<char> s)
        {
            foreach (var c in s)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                {
                    return false;
                }
            }

            return s.Length > 0;
        }
    }

    /// <summary>Shape checks for the two protobuf formats, which have no magic number.</summary>
    private static class ProtobufShape
    {
        private const int MaxFieldsChecked = 32;

        /// <summary>Top-level fields read to decide that a protobuf is an ONNX model; a ModelProto has a dozen or so.</summary>
        private const int MaxOnnxFields = 4096;

        /// <summary>
        /// ModelProto by structure: every top-level field up to the end of the file parses, the fields ModelProto
        /// defines carry their wire types, ir_version (1) is a plausible version and a graph (7), opset_import (8) or
        /// functions (25) is there. Field order and fields a newer ONNX added are free, as protobuf allows.
        /// </summary>
        public static long? IsOnnxModel(Stream stream)
        {
            try
            {
                var reader = new ProtoWireReader(stream, 0, stream.Length);
                long? irVersion = null;
                var sawBody = false;
                var fields = 0;
                while (reader.TryReadTag(out var field, out var wireType))
                {
                    if (++fields > MaxOnnxFields)
                    {
                        break;
                    }

                    var expected = field switch
                    {
                        1 or 5 => WireType.Varint,
                        2 or 3 or 4 or 6 or 7 or 8 or 14 or 20 or 25 or 26 => WireType.LengthDelimited,
                        _ => (WireType?)null,
                    };
                    if (expected is not null && expected != wireType)
                    {
                        return null;
                    }

                    if (field == 1)
                    {
                        var value = reader.ReadVarint();
                        if (value is 0 or > 1000)
                        {
                            return null;
                        }

                        irVersion = (long)value;
                    }
                    else
                    {
                        sawBody |= field is 7 or 8 or 25;
                        reader.Skip(wireType);
                    }
                }

                return sawBody ? irVersion : null;
            }
            catch (MalformedModelException)
            {
                return null;
            }
        }

        /// <summary>
        /// onnx.TensorProto, as onnx writes test data (test_data_set_0/input_0.pb): the whole file parses, every field is
        /// a TensorProto field with its wire type (dims 1, data_type 2, segment 3, *_data 4–7/10/11, name 8, raw_data 9,
        /// doc_string 12, external_data 13, data_location 14), and data_type is there.
        /// </summary>
        public static bool IsTensorProto(Stream stream)
        {
            try
            {
                var reader = new ProtoWireReader(stream, 0, stream.Length);
                var sawType = false;
                var fields = 0;
                while (reader.TryReadTag(out var field, out var wireType))
                {
                    if (++fields > MaxOnnxFields)
                    {
                        return false;
                    }

                    var allowed = field switch
                    {
                        2 or 14 => wireType == WireType.Varint,
                        3 or 6 or 8 or 9 or 12 or 13 => wireType == WireType.LengthDelimited,
                        1 or 5 or 7 or 11 => wireType is WireType.Varint or WireType.LengthDelimited, // packed or not
                        4 => wireType is WireType.Fixed32 or WireType.LengthDelimited,
                        10 => wireType is WireType.Fixed64 or WireType.LengthDelimited,
                        _ => false,
                    };
                    if (!allowed)
                    {
                        return false;
                    }

                    sawType |= field == 2;
                    reader.Skip(wireType);
                }

                return sawType;
            }
            catch (MalformedModelException)
            {
                return false;
            }
        }

        /// <summary>GraphDef (a frozen TF1 graph, .pb): repeated node (1) messages whose first fields are name/op strings, library (2), versions (4).</summary>
        public static bool IsGraphDef(Stream stream)
        {
            try
            {
                var reader = new ProtoWireReader(stream, 0, stream.Length);
                var nodes = 0;
                var fields = 0;
                while (fields++ < MaxFieldsChecked && reader.TryReadTag(out var field, out var wireType))
                {
                    if (field == 1 && wireType == WireType.LengthDelimited)
                    {
                        reader.BeginMessage(4);
                        var sawName = reader.TryReadTag(out var inner, out var innerWire) && inner == 1 && innerWire == WireType.LengthDelimited;
                        reader.EndMessage();
                        if (!sawName)
                        {
                            return false;
                        }

                        nodes++;
                    }
                    else if ((field is 2 or 4 && wireType == WireType.LengthDelimited) || (field == 3 && wireType == WireType.Varint))
                    {
                        reader.Skip(wireType);
                    }
                    else
                    {
                        return false;
                    }
                }

                return nodes > 0;
            }
            catch (MalformedModelException)
            {
                return false;
            }
        }

        /// <summary>SavedModel: field 1 varint schema version, field 2 MetaGraphDef messages whose fields are MetaGraphDef's.</summary>
        public static bool IsSavedModel(Stream stream, bool requireVersion)
        {
            try
            {
                var reader = new ProtoWireReader(stream, 0, stream.Length);
                bool sawVersion = false, sawMetaGraph = false;
                var fields = 0;
                while (fields++ < MaxFieldsChecked && reader.TryReadTag(out var field, out var wireType))
                {
                    if (field == 1 && wireType == WireType.Varint)
                    {
                        reader.ReadVarint();
                        sawVersion = true;
                    }
                    else if (field == 2 && wireType == WireType.LengthDelimited)
                    {
                        reader.BeginMessage(4);
                        while (reader.TryReadTag(out var inner, out var innerWire))
                        {
                            if (inner is < 1 or > 8 || innerWire != WireType.LengthDelimited)
                            {
                                return false;
                            }

                            reader.Skip(innerWire);
                        }

                        reader.EndMessage();
                        sawMetaGraph = true;
                    }
                    else
                    {
                        return false;
                    }
                }

                return sawMetaGraph && (sawVersion || !requireVersion);
            }
            catch (MalformedModelException)
            {
                return false;
            }
        }
    }
}
