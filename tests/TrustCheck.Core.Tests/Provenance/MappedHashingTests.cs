using System.Security.Cryptography;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Files from 64 MiB up are hashed through a memory mapping; the digest must equal a plain streamed SHA-256.</summary>
public class MappedHashingTests
{
    [Fact]
    public void Large_file_hashed_from_a_mapping_matches_a_streamed_hash_and_reports_progress()
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
            Assert.Equal(new FileInfo(path).Length, last);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
