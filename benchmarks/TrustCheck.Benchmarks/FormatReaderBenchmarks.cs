using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using TrustCheck.Core.Models;

namespace TrustCheck.Benchmarks;

/// <summary>
/// Detection + metadata read of 10 GB model files whose weights are a sparse hole: the readers must touch only the
/// header, so the cost is that of a small file (target: ≤ 20 ms per file). Also a real 1746-node ONNX graph walk.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FormatReaderBenchmarks
{
    private const long TenGigabytes = 10L * 1024 * 1024 * 1024;
    private string _folder = string.Empty;
    private string _gguf = string.Empty;
    private string _safetensors = string.Empty;
    private string _onnx = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "trustcheck-format-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _gguf = WriteSparse("big.gguf", GgufHeader());
        _safetensors = WriteSparse("big.safetensors", SafetensorsHeader());
        _onnx = Path.Combine(RepoPaths.Root, "..", "shared", "corpus", "onnx", "light_densenet121.onnx");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int Gguf_10GB_sparse_detect_and_read() => Inspect(_gguf);

    [Benchmark]
    public int Safetensors_10GB_sparse_detect_and_read() => Inspect(_safetensors);

    [Benchmark]
    public int Onnx_densenet121_1746_nodes_detect_and_read() => Inspect(_onnx);

    private static int Inspect(string path)
    {
        using var stream = File.OpenRead(path);
        var detected = FormatDetector.Detect(stream, path);
        stream.Position = 0;
        var inspection = ModelReaders.For(detected.Format)!.Inspect(stream, path);
        if (inspection.Issues.Count > 0)
        {
            throw new InvalidOperationException(inspection.Issues[0].Message);
        }

        return inspection.Metadata.Count;
    }

    private string WriteSparse(string name, byte[] header)
    {
        var path = Path.Combine(_folder, name);
        using var file = new FileStream(path, FileMode.CreateNew);
        file.Write(header);
        file.SetLength(TenGigabytes);
        return path;
    }

    /// <summary>GGUF v3: 24 string keys (a 4 KB chat template among them) and 200 tensor infos; data is the hole after them.</summary>
    private static byte[] GgufHeader()
    {
        var body = new MemoryStream();
        for (var i = 0; i < 23; i++)
        {
            KeyValue(body, $"general.key{i}", $"value {i}");
        }

        KeyValue(body, "tokenizer.chat_template", string.Concat(Enumerable.Repeat("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}", 60)));
        for (var t = 0; t < 200; t++)
        {
            Str(body, $"blk.{t}.weight");
            U32(body, 2);
            U64(body, 4096);
            U64(body, 4096);
            U32(body, 0);
            U64(body, (ulong)t * 4096 * 4096 * 4);
        }

        var header = new MemoryStream();
        header.Write("GGUF"u8);
        U32(header, 3);
        U64(header, 200);
        U64(header, 24);
        body.WriteTo(header);
        return header.ToArray();
    }

    /// <summary>Safetensors: one U8 tensor covering the rest of the 10 GB file.</summary>
    private static byte[] SafetensorsHeader()
    {
        // The data length has 11 digits whatever the header size, so size the header with a placeholder of that width.
        const string Template = "{\"__metadata__\":{\"license\":\"apache-2.0\",\"format\":\"pt\"},\"w\":{\"dtype\":\"U8\",\"shape\":[DATA],\"data_offsets\":[0,DATA]}}";
        var headerLength = Encoding.UTF8.GetByteCount(Template.Replace("DATA", "00000000000"));
        var dataLength = (TenGigabytes - 8 - headerLength).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = Encoding.UTF8.GetBytes(Template.Replace("DATA", dataLength));
        var header = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)json.Length);
        json.CopyTo(header, 8);
        return header;
    }

    private static void KeyValue(Stream s, string key, string value)
    {
        Str(s, key);
        U32(s, 8);
        Str(s, value);
    }

    private static void Str(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        U64(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void U32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        s.Write(b);
    }

    private static void U64(Stream s, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        s.Write(b);
    }
}
