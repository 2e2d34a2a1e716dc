using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Property-style: many generated valid files per format (seeded, so a failure names a reproducible case), with
/// varying header sizes, field orders and fields a newer writer might add. Every one must be detected as its format
/// and read without TC3013/TC3014, whatever its first bytes happen to look like.
/// </summary>
public class StructureFirstDetectionTests
{
    private const int Cases = 300;

    public static IEnumerable<object[]> Seeds => Enumerable.Range(0, Cases / 50).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Valid_safetensors_is_safetensors_whatever_its_header_length_spells(int seed)
    {
        var random = new Random(seed);
        // Header lengths whose first bytes read as pickle opcodes: 0x0580-0x0585 = PROTO 0-5, 0x5328 = "(S", 0x715D = "]q".
        int[] tricky = [0x0580, 0x0581, 0x0582, 0x0583, 0x0584, 0x0585, 0x5328, 0x715D, 0x7D5D, 0x2E29];
        for (var i = 0; i < 50; i++)
        {
            var target = i < tricky.Length ? tricky[i] : random.Next(64, 70_000);
            var (file, metadata) = SafetensorsCase(random, target);

            var (detected, issues, inspection) = Inspect(file, "model.safetensors");

            var label = $"seed {seed} case {i} (header length 0x{target:x})";
            Assert.True(detected.Format == ModelFormats.Safetensors, $"{label}: detected {detected.Format} ({detected.Evidence})");
            Assert.True(!issues.Any(x => x.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch), $"{label}: {string.Join(" | ", issues.Select(x => x.Message))}");
            foreach (var (key, value) in metadata)
            {
                Assert.Equal(value, inspection!.Metadata[key]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Valid_onnx_is_onnx_in_any_field_order_and_with_fields_a_newer_writer_added(int seed)
    {
        var random = new Random(1000 + seed);
        for (var i = 0; i < 50; i++)
        {
            var (file, metadata) = OnnxCase(random);

            var (detected, issues, inspection) = Inspect(file, "model.onnx");

            var label = $"seed {seed} case {i} (first bytes {Convert.ToHexString(file.AsSpan(0, 4))})";
            Assert.True(detected.Format == ModelFormats.Onnx, $"{label}: detected {detected.Format} ({detected.Evidence})");
            Assert.True(!issues.Any(x => x.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch), $"{label}: {string.Join(" | ", issues.Select(x => x.Message))}");
            foreach (var (key, value) in metadata)
            {
                Assert.Equal(value, inspection!.Metadata[key]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Valid_npy_is_numpy_with_any_key_order_padding_and_header_version(int seed)
    {
        var random = new Random(2000 + seed);
        string[] descrs = ["<f4", "<f8", "|u1", ">i2", "<i8", "|b1", "<c8", "<U5", "|S3", "<M8[ns]"];
        for (var i = 0; i < 50; i++)
        {
            var descr = descrs[random.Next(descrs.Length)];
            var shape = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, 5)).ToArray();
            var file = NpyCase(random, descr, shape);

            var (detected, issues, inspection) = Inspect(file, "array.npy");

            var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
            var label = $"seed {seed} case {i} ({descr} {shapeText}, version {file[6]})";
            Assert.True(detected.Format == ModelFormats.Numpy, $"{label}: detected {detected.Format}");
            Assert.True(issues.Count == 0, $"{label}: {string.Join(" | ", issues.Select(x => x.Message))}");
            Assert.Equal(descr, inspection!.Metadata["descr"]);
            Assert.Equal(shapeText, inspection.Metadata["shape"]);
        }
    }

    private static (DetectedFormat, List<ModelIssue>, ModelInspection?) Inspect(byte[] file, string name)
    {
        using var stream = new MemoryStream(file);
        var detected = FormatDetector.Detect(stream, name);
        var issues = new List<ModelIssue>();
        if (FormatDetector.CheckExtension(name, detected) is { } mismatch)
        {
            issues.Add(mismatch);
        }

        ModelInspection? inspection = null;
        if (ModelReaders.For(detected.Format) is { } reader)
        {
            stream.Position = 0;
            inspection = reader.Inspect(stream, name);
            issues.AddRange(inspection.Issues);
        }

        return (detected, issues, inspection);
    }

    /// <summary>Tensors with their three fields in random order, optional __metadata__, padded with spaces to <paramref name="headerLength"/>.</summary>
    private static (byte[] File, Dictionary<string, string> Metadata) SafetensorsCase(Random random, int headerLength)
    {
        (string Name, int Bytes)[] dtypes = [("F32", 4), ("F16", 2), ("BF16", 2), ("I64", 8), ("U8", 1), ("BOOL", 1), ("F64", 8)];
        var entries = new List<string>();
        var metadata = new Dictionary<string, string>();
        if (random.Next(2) == 0)
        {
            for (var m = random.Next(0, 4); m > 0; m--)
            {
                metadata[$"key_{random.Next(1000)}"] = $"value {random.Next()}";
            }

            entries.Add("\"__metadata__\":{" + string.Join(",", metadata.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}");
        }

        long offset = 0;
        for (var t = random.Next(1, 6); t > 0; t--)
        {
            var (dtype, size) = dtypes[random.Next(dtypes.Length)];
            var shape = Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(0, 4)).ToArray();
            var bytes = shape.Aggregate(1L, (a, b) => a * b) * size;
            string[] fields = [$"\"dtype\":\"{dtype}\"", $"\"shape\":[{string.Join(",", shape)}]", $"\"data_offsets\":[{offset},{offset + bytes}]"];
            entries.Insert(random.Next(entries.Count + 1), $"\"tensor_{t}\":{{{string.Join(",", fields.OrderBy(_ => random.Next()))}}}");
            offset += bytes;
        }

        var json = "{" + string.Join(",", entries) + "}";
        var header = Encoding.UTF8.GetBytes(json.PadRight(Math.Max(headerLength, json.Length)));
        return ([.. GgufBuilder.U64Bytes((ulong)header.Length), .. header, .. new byte[offset]], metadata);
    }

    private static (byte[] File, Dictionary<string, string> Metadata) OnnxCase(Random random)
    {
        var metadata = new Dictionary<string, string>();
        var fields = new List<byte[]>
        {
            Proto.Varint(1, (ulong)random.Next(3, 11)),
            Proto.Message(8, Proto.String(1, ""), Proto.Varint(2, (ulong)random.Next(7, 22))),
            Proto.Message(7,
                Proto.Message(1, Proto.String(1, "x"), Proto.String(1, "w"), Proto.String(2, "y"), Proto.String(4, "MatMul")),
                Proto.String(2, "graph")),
        };
        if (random.Next(2) == 0)
        {
            metadata["producer_name"] = $"writer-{random.Next(100)}";
            fields.Add(Proto.String(2, metadata["producer_name"]));
        }

        if (random.Next(2) == 0)
        {
            // 40 and 83 put "(" then "S" / "(" then "(" at the front when model_version comes first: pickle protocol 0 look-alikes.
            var version = random.Next(3) switch { 0 => 40UL, 1 => 83UL, _ => (ulong)random.Next(1, 1000) };
            metadata["model_version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields.Add(Proto.Varint(5, version));
        }

        for (var m = random.Next(0, 3); m > 0; m--)
        {
            var key = $"meta_{random.Next(1000)}";
            metadata[key] = $"value {random.Next()}";
            fields.Add(Proto.Message(14, Proto.String(1, key), Proto.String(2, metadata[key])));
        }

        // Fields this reader does not know (a newer ONNX, or a vendor): every wire type protobuf allows.
        for (var u = random.Next(0, 4); u > 0; u--)
        {
            var number = random.Next(27, 200);
            fields.Add(random.Next(4) switch
            {
                0 => Proto.Varint(number, (ulong)random.Next()),
                1 => [.. Proto.Key(number, 1), .. BitConverter.GetBytes(random.NextInt64())],
                2 => Proto.String(number, $"new field {random.Next()}"),
                _ => [.. Proto.Key(number, 5), .. BitConverter.GetBytes(random.Next())],
            });
        }

        // Protobuf allows any field order; writers other than onnx's own do not always put ir_version first.
        var ordered = random.Next(3) == 0 ? fields : fields.OrderBy(_ => random.Next()).ToList();
        if (metadata.TryGetValue("model_version", out var v) && random.Next(2) == 0)
        {
            ordered = [.. ordered.Where(f => f[0] == 0x28), .. ordered.Where(f => f[0] != 0x28)];
        }

        return (Proto.Concat([.. ordered]), metadata);
    }

    /// <summary>An .npy header with its three keys in random order, extra spaces, and format version 1, 2 or 3.</summary>
    private static byte[] NpyCase(Random random, string descr, int[] shape)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string[] items = [$"'descr': '{descr}'", "'fortran_order': False", $"'shape': {shapeText}"];
        var dict = "{" + string.Join(", ", items.OrderBy(_ => random.Next())) + ", }";
        var major = (byte)random.Next(1, 4);
        var prefixLength = major == 1 ? 10 : 12;
        var padded = dict + new string(' ', random.Next(0, 200));
        var total = prefixLength + padded.Length + 1;
        padded += new string(' ', (64 - (total % 64)) % 64) + "\n";
        var header = Encoding.Latin1.GetBytes(padded);
        var lengthBytes = major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length);
        var itemSize = descr[1..] switch { "U5" => 20, "M8[ns]" => 8, var s => int.Parse(s[1..], System.Globalization.CultureInfo.InvariantCulture) };
        var data = new byte[shape.Aggregate(1, (a, b) => a * b) * itemSize];
        return [.. NpyMagic, major, 0, .. lengthBytes, .. header, .. data];
    }

    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
}
