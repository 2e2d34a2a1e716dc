using System.Security.Cryptography;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Tests.Models;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

public class HashingTests
{
    [Theory]
    [InlineData("picklescan/data/benign0_v3.pkl")]
    [InlineData("modelaudit/samples/safetensors/safe_model.safetensors")] // > 1 MiB: crosses a block boundary
    [InlineData("ggml-llama.cpp/ggml-vocab-phi-3.gguf")]
    public void Sha256_matches_the_corpus_manifest(string relative)
    {
        var expected = File.ReadLines(TestPaths.CorpusFile("MANIFEST.tsv"))
            .Select(l => l.Split('\t'))
            .Single(cols => cols[0] == relative)[1];

        Assert.Equal(expected, FileHasher.Sha256(TestPaths.CorpusFile(relative)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(FileHasher.BlockSize - 1)]
    [InlineData(FileHasher.BlockSize)]
    [InlineData(FileHasher.BlockSize + 1)]
    [InlineData(3 * FileHasher.BlockSize + 12345)]
    public void Sha256_is_correct_at_block_boundaries(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(TestPaths.NewTempDirectory(), "blob.bin");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), FileHasher.Sha256(path));
    }

    [Fact]
    public void Cache_hit_avoids_rehashing_and_survives_a_new_process()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "model.bin");
        File.WriteAllBytes(model, [1, 2, 3]);
        var cachePath = Path.Combine(dir, "obj", "trustcheck.hashes.tsv");

        var first = HashCache.Open(cachePath);
        var sha = first.GetSha256(new FileInfo(model));
        first.GetSha256(new FileInfo(model));
        first.Save();
        var second = HashCache.Open(cachePath);
        var again = second.GetSha256(new FileInfo(model));

        Assert.Equal(1, first.ComputedCount);
        Assert.Equal(0, second.ComputedCount);
        Assert.Equal(sha, again);
        Assert.Contains(sha + "\t3\t", File.ReadAllText(cachePath));
    }

    [Fact]
    public void Changed_size_or_modification_time_is_rehashed()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "model.bin");
        File.WriteAllBytes(model, [1, 2, 3]);
        var cache = HashCache.Open(null);
        var before = cache.GetSha256(new FileInfo(model));

        File.WriteAllBytes(model, [1, 2, 4]);
        File.SetLastWriteTimeUtc(model, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var after = cache.GetSha256(new FileInfo(model));

        Assert.Equal(2, cache.ComputedCount);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Corrupt_cache_lines_are_ignored()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "model.bin");
        File.WriteAllBytes(model, [9]);
        var cachePath = Path.Combine(dir, "cache.tsv");
        File.WriteAllText(cachePath, "garbage\nzz\t1\t2\t" + model + "\n\0\0\0");

        var cache = HashCache.Open(cachePath);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([9])), cache.GetSha256(new FileInfo(model)));
        Assert.Equal(1, cache.ComputedCount);
    }

    [Fact]
    public void Check_uses_the_hash_cache_instead_of_rehashing()
    {
        using var ws = new ModelWorkspace();
        var model = ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");
        var cachePath = ws.Path("obj/trustcheck.hashes.tsv");
        var options = ws.Options("relu.onnx");
        options.HashCachePath = cachePath;
        var real = TrustCheckEngine.Check(options).Models.Single().Sha256;
        Assert.Contains(real + "\t", File.ReadAllText(cachePath));

        // A cached value for the same (path, size, mtime) is trusted: proof that the file was not read again.
        var info = new FileInfo(model);
        var planted = new string('c', 64);
        File.WriteAllText(cachePath, $"{planted}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\t{info.FullName}\n");
        var cached = TrustCheckEngine.Check(options).Models.Single().Sha256;

        Assert.Equal(planted, cached);
    }
}
