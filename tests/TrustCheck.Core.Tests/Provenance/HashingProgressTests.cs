using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

public class HashingProgressTests
{
    private const long Big = HashingProgress.MinimumFileBytes;

    [Theory]
    [InlineData(1_200_000_000, 4_000_000_000, "1.2/4.0 GB")]
    [InlineData(0, 4_000_000_000, "0.0/4.0 GB")]
    [InlineData(130_000_000, 512_000_000, "130/512 MB")]
    [InlineData(67_108_864, 67_108_864, "67/67 MB")]
    public void Amount_uses_the_unit_of_the_total(long done, long total, string expected)
    {
        Assert.Equal(expected, HashingProgress.Amount(done, total));
    }

    [Fact]
    public void Small_files_get_no_callback()
    {
        var progress = new HashingProgress(new Collecting(), new ManualTime());

        Assert.Null(progress.ForFile("models/tiny.onnx", Big - 1));
        Assert.NotNull(progress.ForFile("models/big.gguf", Big));
    }

    [Fact]
    public void Nothing_is_reported_before_a_file_has_taken_one_interval()
    {
        var texts = new Collecting();
        var time = new ManualTime();
        var callback = new HashingProgress(texts, time).ForFile("models/phi.gguf", 4_000_000_000)!;

        callback(100_000_000);
        time.Advance(HashingProgress.Interval - TimeSpan.FromMilliseconds(1));
        callback(200_000_000);
        time.Advance(TimeSpan.FromMilliseconds(1));
        callback(1_200_000_000);

        Assert.Equal(["hashing models/phi.gguf 1.2/4.0 GB"], texts.Items);
    }

    [Fact]
    public void Reports_are_throttled_across_files()
    {
        var texts = new Collecting();
        var time = new ManualTime();
        var progress = new HashingProgress(texts, time);
        var a = progress.ForFile("a.gguf", 2_000_000_000)!;
        var b = progress.ForFile("b.gguf", 2_000_000_000)!;
        time.Advance(HashingProgress.Interval);

        a(1_000_000_000);
        b(1_000_000_000);                      // same instant: dropped
        time.Advance(HashingProgress.Interval / 2);
        a(1_100_000_000);                      // half an interval later: dropped
        time.Advance(HashingProgress.Interval / 2);
        b(1_500_000_000);

        Assert.Equal(["hashing a.gguf 1.0/2.0 GB", "hashing b.gguf 1.5/2.0 GB"], texts.Items);
    }

    [Fact]
    public void File_hasher_reports_the_running_total_after_each_full_block_and_keeps_the_hash()
    {
        var bytes = new byte[3 * FileHasher.BlockSize + 100];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(TestPaths.NewTempDirectory(), "blob.bin");
        File.WriteAllBytes(path, bytes);
        var totals = new List<long>();

        var sha = FileHasher.Sha256(path, totals.Add);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha);
        Assert.Equal([FileHasher.BlockSize, 2L * FileHasher.BlockSize, 3L * FileHasher.BlockSize], totals);
    }

    [Fact]
    public void Engine_reports_hashing_of_a_big_model_through_CheckOptions_Progress()
    {
        // 1 GiB of (sparse) weights: hashing takes far longer than one interval on any machine, so status texts arrive.
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "big.safetensors");
        WriteSparseSafetensors(model, 1L << 30);
        var texts = new Collecting();

        var report = TrustCheckEngine.Check(new CheckOptions { ModelPaths = { model }, WorkingDirectory = dir, Progress = texts });

        Assert.Single(report.Models);
        Assert.NotEmpty(texts.Items);
        Assert.All(texts.Items, t => Assert.Matches(@"^hashing big\.safetensors \d+\.\d/1\.1 GB$", t));
    }

    private static void WriteSparseSafetensors(string path, long dataBytes)
    {
        var json = $"{{\"weight\":{{\"dtype\":\"U8\",\"shape\":[{dataBytes}],\"data_offsets\":[0,{dataBytes}]}}}}";
        var header = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        using var file = File.Create(path);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        file.SetLength(8 + header.Length + dataBytes);
    }

    private sealed class Collecting : IProgress<string>
    {
        private readonly ConcurrentQueue<string> _items = new();

        public List<string> Items => _items.ToList();

        public void Report(string value) => _items.Enqueue(value);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
