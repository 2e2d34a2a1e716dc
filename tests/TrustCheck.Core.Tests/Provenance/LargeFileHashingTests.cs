using System.Security.Cryptography;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>A large, sparse file that is not a whole number of blocks hashes to the plain SHA-256 of its bytes.</summary>
public class LargeFileHashingTests
{
    [Fact]
    public void Large_file_hash_matches_a_plain_sha256_and_reports_progress()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "weights.bin");
        using (var file = File.Create(path))
        {
            file.SetLength((80L << 20) + 12345); // sparse: cheap to write, not a whole number of blocks
            file.Position = 70L << 20;
            file.Write("not only zeros"u8);
        }

        try
        {
            string expected;
            using (var stream = File.OpenRead(path))
            {
                expected = Convert.ToHexStringLower(SHA256.HashData(stream));
            }

            long last = 0;
            var actual = FileHasher.Sha256(path, total => last = total);

            Assert.Equal(expected, actual);
            // Progress is reported after each full block: the last report is within one block of the end.
            Assert.InRange(last, new FileInfo(path).Length - FileHasher.BlockSize, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
