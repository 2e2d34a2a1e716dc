using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Models.PyTorch;

namespace TrustCheck.Benchmarks;

/// <summary>
/// Pickle-family reader throughput: real corpus files (../shared/corpus) and generated large inputs — a 16 MB
/// state-dict-like pickle (many memoized strings and tensor rebuild calls) and a PyTorch zip whose 512 MB data member
/// must be skipped, not read. Run: dotnet run -c Release -- --filter '*Pickle*'.
/// 2026-11-25, 2 shared cores at load average ~15–25 (other builds running), 5 iterations:
///   16 MB generated state dict (no SETITEMS batching: worst-case stack) 1.83 s, 232 MB allocated;
///   legacy pytorch_model.bin 0.21 ms; agpl_model.pkl 0.29 ms; torch zip with a 512 MB data member 3.2 ms (only
///   16 bytes of the data member are read).
/// </summary>
[SimpleJob(RuntimeMoniker.Net10_0, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class PickleBenchmarks
{
    private byte[] _largePickle = Array.Empty<byte>();
    private string _zipPath = string.Empty;
    private string _corpus = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = FindCorpus();
        _largePickle = BuildStateDict(targetBytes: 16 * 1024 * 1024);
        _zipPath = Path.Combine(Path.GetTempPath(), "trustcheck-bench-torch.zip");
        WriteTorchZipWithHugeDataMember(_zipPath, dataBytes: 512L * 1024 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_zipPath);

    [Benchmark(Description = "16 MB generated state-dict pickle")]
    public int LargePickle() => PickleScanner.Scan(_largePickle).Globals.Count;

    [Benchmark(Description = "corpus legacy pytorch_model.bin (240 KB)")]
    public int LegacyTorch() => Inspect("picklescan/data/pytorch_model.bin");

    [Benchmark(Description = "corpus agpl_model.pkl (850 KB, numpy arrays)")]
    public int NumpyHeavyPickle() => Inspect("modelaudit/scenarios/license_scenarios/agpl_component/agpl_model.pkl");

    [Benchmark(Description = "torch zip with a 512 MB stored data member")]
    public int TorchZipSkipsData()
    {
        using var stream = File.OpenRead(_zipPath);
        return new PyTorchReader().Inspect(stream, _zipPath).Issues.Count;
    }

    private int Inspect(string relative)
    {
        using var stream = File.OpenRead(Path.Combine(_corpus, relative));
        return new PyTorchReader().Inspect(stream, relative).Issues.Count;
    }

    /// <summary>Protocol 4: an OrderedDict of N entries "layer.{i}.weight" → _rebuild_tensor_v2(persistent storage, …).</summary>
    private static byte[] BuildStateDict(int targetBytes)
    {
        var output = new MemoryStream(targetBytes + 1024);
        output.Write(new byte[] { 0x80, 4 });
        WriteStackGlobal(output, "collections", "OrderedDict");
        output.Write(new byte[] { 0x94, (byte)')', (byte)'R', 0x94, (byte)'(' });
        for (var i = 0; output.Length < targetBytes; i++)
        {
            WriteShort(output, $"model.layers.{i}.self_attn.q_proj.weight");
            WriteStackGlobal(output, "torch._utils", "_rebuild_tensor_v2");
            output.Write(new byte[] { (byte)'(', (byte)'(' });
            WriteShort(output, "storage");
            WriteStackGlobal(output, "torch", "BFloat16Storage");
            WriteShort(output, i.ToString());
            WriteShort(output, "cpu");
            output.Write(new byte[] { (byte)'J', 0, 0, 0x10, 0, (byte)'t', (byte)'Q', (byte)'K', 0, (byte)'M', 0, 0x10, (byte)'M', 0, 0x10, 0x86, (byte)'M', 0, 0x10, (byte)'K', 1, 0x86, 0x89 });
            WriteStackGlobal(output, "collections", "OrderedDict");
            output.Write(new byte[] { (byte)')', (byte)'R', (byte)'t', (byte)'R', 0x94 });
        }

        output.Write(new byte[] { (byte)'u', (byte)'.' });
        return output.ToArray();
    }

    private static void WriteStackGlobal(Stream s, string module, string name)
    {
        WriteShort(s, module);
        WriteShort(s, name);
        s.WriteByte(0x93);
    }

    private static void WriteShort(Stream s, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        s.WriteByte(0x8c);
        s.WriteByte((byte)utf8.Length);
        s.Write(utf8);
        s.WriteByte(0x94);
    }

    private static void WriteTorchZipWithHugeDataMember(string path, long dataBytes)
    {
        using var file = File.Create(path);
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var pkl = zip.CreateEntry("archive/data.pkl", System.IO.Compression.CompressionLevel.NoCompression).Open())
            {
                pkl.Write(BuildStateDict(64 * 1024));
            }

            using var data = zip.CreateEntry("archive/data/0", System.IO.Compression.CompressionLevel.NoCompression).Open();
            var chunk = new byte[1024 * 1024];
            for (long written = 0; written < dataBytes; written += chunk.Length)
            {
                data.Write(chunk);
            }
        }
    }

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "corpus");
            if (File.Exists(Path.Combine(dir.FullName, "TrustCheck.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException("../shared/corpus not found above " + AppContext.BaseDirectory);
    }
}
