using System.Security.Cryptography;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>
/// A large explicitly named file is hashed ahead (before the check's set-up) and in the background (while its format
/// is read): the report still carries the plain SHA-256 of its bytes, and a file changed in between is hashed again.
/// </summary>
public class HashAheadTests
{
    private static string SparseFile(string name, long length, string marker)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), name);
        using var file = File.Create(path);
        file.SetLength(length); // sparse: cheap to write
        file.Position = length / 2;
        file.Write(System.Text.Encoding.ASCII.GetBytes(marker));
        return path;
    }

    private static string PlainSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    [Fact]
    public void Scan_of_a_large_file_reports_its_plain_sha256()
    {
        var path = SparseFile("big.bin", BackgroundHash.MinimumSize + 4321, "ahead");
        try
        {
            var options = new CheckOptions { WorkingDirectory = Path.GetDirectoryName(path) };
            options.ModelPaths.Add(path);

            var report = TrustCheckEngine.Check(options);

            Assert.Equal(PlainSha256(path), Assert.Single(report.Models).Sha256);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_hash_started_ahead_is_not_used_for_a_file_changed_since()
    {
        var path = SparseFile("changed.bin", BackgroundHash.MinimumSize, "before");
        try
        {
            var options = new CheckOptions { WorkingDirectory = Path.GetDirectoryName(path) };
            options.ModelPaths.Add(path);
            HashPrefetch.StartForExplicitFiles(options);
            // Shared like a writer in another process (python, curl): .NET's FileShare.None would take an exclusive
            // advisory lock and fail while the hash ahead still has the file open.
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                file.SetLength(BackgroundHash.MinimumSize + 1);
            }

            Assert.Null(HashPrefetch.Take(RegularFile.Inspect(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Nothing_is_hashed_ahead_when_a_persistent_hash_cache_may_already_know_it()
    {
        var path = SparseFile("cached.bin", BackgroundHash.MinimumSize, "cached");
        try
        {
            var options = new CheckOptions { WorkingDirectory = Path.GetDirectoryName(path), HashCachePath = path + ".hashes" };
            options.ModelPaths.Add(path);

            HashPrefetch.StartForExplicitFiles(options);

            Assert.Null(HashPrefetch.Take(RegularFile.Inspect(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
