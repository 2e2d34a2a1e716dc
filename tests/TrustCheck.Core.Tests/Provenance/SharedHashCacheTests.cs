using TrustCheck.Core.Provenance;
using TrustCheck.Core.Tests.Models;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>One hash cache for a whole solution: several projects, several build nodes, one file.</summary>
public class SharedHashCacheTests
{
    [Fact]
    public void Two_nodes_saving_one_cache_keep_both_of_their_hashes()
    {
        var dir = TestPaths.NewTempDirectory();
        var first = Path.Combine(dir, "a.bin");
        var second = Path.Combine(dir, "b.bin");
        File.WriteAllBytes(first, [1]);
        File.WriteAllBytes(second, [2]);
        var cachePath = Path.Combine(dir, "obj", "trustcheck.hashes.json");

        // Both open the cache before either saves, as two MSBuild nodes building two projects at once do.
        var nodeA = HashCache.Open(cachePath);
        var nodeB = HashCache.Open(cachePath);
        var hashA = nodeA.GetSha256(new FileInfo(first));
        var hashB = nodeB.GetSha256(new FileInfo(second));
        nodeA.Save();
        nodeB.Save();

        var text = File.ReadAllText(cachePath);
        Assert.Contains(hashA + "\t", text);
        Assert.Contains(hashB + "\t", text);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cachePath)!, "*.tmp"));
    }

    [Fact]
    public void Projects_in_one_process_share_the_instance_and_see_other_nodes_writes()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "m.bin");
        File.WriteAllBytes(model, [3, 4]);
        var cachePath = Path.Combine(dir, "trustcheck.hashes.json");

        var project1 = HashCache.OpenShared(cachePath);
        project1.GetSha256(new FileInfo(model));
        project1.Save();
        var project2 = HashCache.OpenShared(cachePath);
        project2.GetSha256(new FileInfo(model));
        Assert.Same(project1, project2);
        Assert.Equal(1, project2.ComputedCount);

        // Another node rewrote the file: its entry is taken (a planted value proves the file was read again).
        var info = new FileInfo(model);
        var planted = new string('d', 64);
        File.WriteAllText(cachePath, $"{planted}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\t{info.FullName}\n");
        Assert.Equal(planted, HashCache.OpenShared(cachePath).GetSha256(info));
    }

    [Fact]
    public void Deleted_cache_file_is_written_again()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "m.bin");
        File.WriteAllBytes(model, [5]);
        var cachePath = Path.Combine(dir, "trustcheck.hashes.json");
        var cache = HashCache.OpenShared(cachePath);
        cache.GetSha256(new FileInfo(model));
        cache.Save();

        File.Delete(cachePath);
        HashCache.OpenShared(cachePath).Save();

        Assert.True(File.Exists(cachePath));
    }

    [Fact]
    public void Check_without_caches_neither_reads_nor_writes_the_hash_cache()
    {
        using var ws = new ModelWorkspace();
        var model = ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");
        var cachePath = ws.Path("obj/trustcheck.hashes.json");
        var info = new FileInfo(model);
        var planted = new string('e', 64);
        Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
        File.WriteAllText(cachePath, $"{planted}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\t{info.FullName}\n");
        var options = ws.Options("relu.onnx");
        options.HashCachePath = cachePath;
        options.UseCaches = false;

        var sha = TrustCheckEngine.Check(options).Models.Single().Sha256;

        Assert.NotEqual(planted, sha);
        Assert.DoesNotContain(sha!, File.ReadAllText(cachePath));
    }
}
