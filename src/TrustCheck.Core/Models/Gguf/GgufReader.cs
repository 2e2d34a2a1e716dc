using System.Buffers.Binary;
using System.Text;
using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Gguf;

/// <summary>
/// Reads a GGUF (v1–v3) header: every key/value (all value types, nested arrays), then the tensor infos, with caps on
/// counts and lengths checked against the bytes left in the file before anything is allocated. String values become
/// metadata; <c>general.license</c>/<c>general.source.url</c> the license and source; chat templates go through
/// <see cref="ChatTemplateInspector"/> (TC3012). Never reads tensor data.
/// </summary>
public sealed class GgufReader : IModelReader
{
    /// <summary>Strings longer than this are skipped (seeked over), not materialised.</summary>
    public const int MaxStringBytes = 8 * 1024 * 1024;

    /// <summary>Metadata values are stored up to this many characters (the full chat template is still inspected).</summary>
    public const int MaxMetadataValueChars = 64 * 1024;

    private const int MaxArrayDepth = 4;
    private const long MaxKeyValues = 1_000_000;
    private const long MaxTensors = 10_000_000;
    private const int MaxKeyBytes = 64 * 1024;
    private const string ChatTemplateKey = "tokenizer.chat_template";

    private enum ValueType : uint
    {
        U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7, String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
    }

    public string Format => ModelFormats.Gguf;

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        try
        {
            new Parser(stream, path, inspection).Run();
        }
        catch (MalformedModelException ex)
        {
            inspection.AddIssue(
                RuleIds.ModelMalformed,
                $"{path}: malformed GGUF file: {ex.Message}. llama.cpp and other loaders will reject or misread it; re-download or re-convert the model.");
        }
        catch (IOException ex)
        {
            inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: the GGUF file could not be read: {ex.Message}.");
        }

        return inspection;
    }

    private sealed class Parser(Stream stream, string path, ModelInspection inspection)
    {
        private readonly byte[] _scratch = new byte[8];
        // Read once: FileStream.Length is a system call, and a vocabulary array asks for it per element.
        private readonly long _length = stream.Length;
        private uint _version;
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly List<GgufTensorInfo> _tensors = [];
        private ulong _alignment = GgufStructure.DefaultAlignment;

        private long Remaining => _length - stream.Position;

        public void Run()
        {
            stream.Position = 0;
            if (ReadU32() != 0x46554747)
            {
                throw new MalformedModelException("missing the GGUF magic");
            }

            _version = ReadU32();
            if (_version != 0 && (_version & 0xFFFF) == 0)
            {
                throw new MalformedModelException($"GGUF version {_version} is extremely large: the file was written with the other byte order, which llama.cpp refuses");
            }

            if (_version is < 1 or > 3)
            {
                throw new MalformedModelException($"unsupported GGUF version {_version} (1–3 are known)");
            }

            if (_version == 1)
            {
                Refused("GGUFv1 is no longer supported, please use a more up-to-date version");
            }

            var tensorCount = ReadCount();
            var kvCount = ReadCount();
            CheckCount(kvCount, MaxKeyValues, 13, "key/value");
            CheckCount(tensorCount, MaxTensors, 24, "tensor");

            for (ulong i = 0; i < kvCount; i++)
            {
                ReadKeyValue();
            }

            for (ulong i = 0; i < tensorCount; i++)
            {
                ReadTensorInfo(i);
            }

            ApplyWellKnownKeys();
            foreach (var reason in GgufStructure.Check(_tensors, _alignment, stream.Position, _length).Take(1))
            {
                Refused(reason);
            }
        }

        private void ReadKeyValue()
        {
            var keyOffset = stream.Position;
            var key = ReadString(MaxKeyBytes, out var keyTruncated);
            if (keyTruncated)
            {
                throw new MalformedModelException($"key at offset {keyOffset} is longer than {MaxKeyBytes} bytes");
            }

            if (key.Length == 0)
            {
                Refused($"key at offset {keyOffset} is empty");
            }
            else if (!_keys.Add(key))
            {
                Refused($"duplicate key '{key}'");
            }

            var type = (ValueType)ReadU32();
            if (key == AlignmentKey)
            {
                ReadAlignment(type);
                return;
            }

            switch (type)
            {
                case ValueType.String:
                    var valueOffset = stream.Position;
                    var value = ReadString(MaxStringBytes, out var truncated);
                    OnString(key, value, truncated, valueOffset);
                    break;
                case ValueType.Array:
                    SkipArray(key, 1);
                    break;
                default:
                    SkipScalar(type, key);
                    break;
            }
        }

        private const string AlignmentKey = "general.alignment";

        /// <summary>general.alignment must be a u32 power of two; the data section and every tensor start on it.</summary>
        private void ReadAlignment(ValueType type)
        {
            if (type != ValueType.U32)
            {
                Refused($"key '{AlignmentKey}' must be of type u32 but is {type}");
                if (type == ValueType.Array)
                {
                    SkipArray(AlignmentKey, 1);
                }
                else if (type == ValueType.String)
                {
                    Advance(ReadLength(), AlignmentKey, "value of");
                }
                else
                {
                    SkipScalar(type, AlignmentKey);
                }

                return;
            }

            var alignment = ReadU32();
            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            {
                Refused($"alignment {alignment} is not a power of 2");
                return;
            }

            _alignment = alignment;
        }

        /// <summary>A check llama.cpp makes and this file fails: reported with llama.cpp's reason; reading goes on.</summary>
        private void Refused(string reason)
        {
            if (inspection.Issues.Any(i => i.RuleId == RuleIds.ModelMalformed))
            {
                return; // one refusal is enough to know llama.cpp will not load it
            }

            inspection.AddIssue(
                RuleIds.ModelMalformed,
                $"{path}: llama.cpp refuses this GGUF file: {reason}. Re-download or re-convert the model.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["loaderReason"] = reason });
        }

        private void OnString(string key, string value, bool truncated, long offset)
        {
            inspection.Metadata[key] = value.Length > MaxMetadataValueChars ? value[..MaxMetadataValueChars] + "…" : value;
            if (key == ChatTemplateKey || key.StartsWith(ChatTemplateKey + ".", StringComparison.Ordinal))
            {
                if (truncated)
                {
                    inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: GGUF {key} at offset {offset} is longer than {MaxStringBytes} bytes and was only partly inspected.");
                }

                inspection.Issues.AddRange(ChatTemplateInspector.Inspect(value, path, "GGUF " + key));
            }
        }

        private void SkipArray(string key, int depth)
        {
            if (depth > MaxArrayDepth)
            {
                throw new MalformedModelException($"'{key}' nests arrays deeper than {MaxArrayDepth} levels");
            }

            var elementType = (ValueType)ReadU32();
            var count = ReadCount();
            var minimumSize = elementType switch
            {
                ValueType.String => _version == 1 ? 4 : 8,
                ValueType.Array => _version == 1 ? 8 : 12,
                _ => ScalarSize(elementType, key),
            };
            if (count > (ulong)Remaining / (ulong)minimumSize)
            {
                throw new MalformedModelException($"array '{key}' claims {count} elements, more than the {Remaining} bytes left can hold");
            }

            switch (elementType)
            {
                case ValueType.String:
                    for (ulong i = 0; i < count; i++)
                    {
                        Advance(ReadLength(), key, "a string in array");
                    }

                    break;
                case ValueType.Array:
                    for (ulong i = 0; i < count; i++)
                    {
                        SkipArray(key, depth + 1);
                    }

                    break;
                default:
                    Advance((long)count * minimumSize, key, "array");
                    break;
            }
        }

        private void ReadTensorInfo(ulong index)
        {
            var name = ReadString(MaxKeyBytes, out _);
            var dimensions = ReadU32();
            if (dimensions > GgufStructure.MaxDimensions)
            {
                throw new MalformedModelException($"tensor #{index} '{name}' has invalid number of dimensions: {dimensions} > {GgufStructure.MaxDimensions}");
            }

            // Zero-sized dimensions are valid (an empty tensor); llama.cpp reads them as signed and refuses negatives.
            var sizes = new long[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                sizes[d] = _version == 1 ? ReadU32() : unchecked((long)ReadU64());
            }

            var type = ReadU32();
            var offset = ReadU64(); // into the data section (the data itself is never read)
            _tensors.Add(new GgufTensorInfo(name, sizes, type, offset));
        }

        private void ApplyWellKnownKeys()
        {
            var metadata = inspection.Metadata;
            if (metadata.TryGetValue("general.license", out var license) && license.Length > 0)
            {
                inspection.License = license;
                inspection.LicenseSource = "gguf:general.license";
            }

            if (metadata.TryGetValue("general.source.url", out var url) && url.Length > 0)
            {
                inspection.SourceUrl = url;
            }
            else if (metadata.TryGetValue("general.source.huggingface.repository", out var repository) && repository.Length > 0)
            {
                inspection.SourceUrl = "https://huggingface.co/" + repository;
            }
        }

        private void SkipScalar(ValueType type, string key) => Advance(ScalarSize(type, key), key, "value of");

        private static int ScalarSize(ValueType type, string key) => type switch
        {
            ValueType.U8 or ValueType.I8 or ValueType.Bool => 1,
            ValueType.U16 or ValueType.I16 => 2,
            ValueType.U32 or ValueType.I32 or ValueType.F32 => 4,
            ValueType.U64 or ValueType.I64 or ValueType.F64 => 8,
            _ => throw new MalformedModelException($"key '{key}' has unknown value type {(uint)type}"),
        };

        private void CheckCount(ulong count, long cap, int minimumEntryBytes, string what)
        {
            if (count > (ulong)cap || count > (ulong)Remaining / (ulong)minimumEntryBytes)
            {
                throw new MalformedModelException($"header claims {count} {what} entries, more than the {Remaining} bytes left can hold");
            }
        }

        private string ReadString(int cap, out bool truncated)
        {
            var length = ReadLength();
            var keep = (int)Math.Min(length, cap);
            var bytes = new byte[keep];
            if (StreamBytes.ReadUpTo(stream, bytes) != keep)
            {
                throw new MalformedModelException("unexpected end of file inside a string");
            }

            stream.Position += length - keep;
            truncated = keep < length;
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>A string length (u32 in v1, u64 after), checked against the bytes left before anything is allocated.</summary>
        private long ReadLength()
        {
            var offset = stream.Position;
            var length = _version == 1 ? ReadU32() : ReadU64();
            if (length > (ulong)Remaining)
            {
                throw new MalformedModelException($"string length {length} at offset {offset} runs past the end of the file ({Remaining} bytes left)");
            }

            return (long)length;
        }

        private ulong ReadCount() => _version == 1 ? ReadU32() : ReadU64();

        /// <summary>Skips <paramref name="count"/> bytes; the message is built only on failure (this runs per vocabulary entry).</summary>
        private void Advance(long count, string key, string what)
        {
            if (count > Remaining)
            {
                throw new MalformedModelException($"{what} '{key}' runs past the end of the file");
            }

            stream.Position += count;
        }

        private uint ReadU32()
        {
            Fill(4);
            return BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
        }

        private ulong ReadU64()
        {
            Fill(8);
            return BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
        }

        private void Fill(int count)
        {
            if (StreamBytes.ReadUpTo(stream, _scratch.AsSpan(0, count)) != count)
            {
                throw new MalformedModelException($"unexpected end of file at offset {stream.Position}");
            }
        }
    }
}
