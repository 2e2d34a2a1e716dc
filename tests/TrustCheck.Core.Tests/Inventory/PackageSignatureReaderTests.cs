using TrustCheck.Core.Inventory;

namespace TrustCheck.Core.Tests.Inventory;

[Collection(RestoredProjectCollection.Name)]
public class PackageSignatureReaderTests(RestoredProject project)
{
    /// <summary>The fast DER walk must say exactly what NuGet's own decoder says, on every real signature restored here.</summary>
    [Fact]
    public void Fast_reader_agrees_with_NuGet_on_every_restored_signature()
    {
        var signatures = Directory.EnumerateDirectories(project.PackagesFolder)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(folder => Path.Combine(folder, ".signature.p7s"))
            .Where(File.Exists)
            .ToList();
        Assert.True(signatures.Count >= 4, $"expected restored signatures, found {signatures.Count}");

        foreach (var path in signatures)
        {
            var bytes = File.ReadAllBytes(path);
            var fast = PackageSignatureReader.Read(bytes);
            var nuget = PackageSignatureReader.ReadWithNuGet(bytes);
            Assert.True(
                (fast.Author, fast.AuthorSigner, fast.AuthorFingerprint, fast.Repository, fast.RepositorySigner, fast.RepositoryFingerprint)
                == (nuget.Author, nuget.AuthorSigner, nuget.AuthorFingerprint, nuget.Repository, nuget.RepositorySigner, nuget.RepositoryFingerprint),
                $"{path}: fast reader and NuGet disagree");
        }
    }

    [Fact]
    public void Random_bytes_are_rejected_with_an_exception_the_caller_turns_into_a_finding()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        random[0] = 0x30; // looks like a SEQUENCE

        Assert.ThrowsAny<Exception>(() => PackageSignatureReader.Read(random));
    }
}
