using NuGet.Versioning;
using TrustCheck.Core.Inventory;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>The per-process package facts cache an MSBuild node keeps between the projects it checks.</summary>
[Collection(RestoredProjectCollection.Name)]
public class PackageFactsCacheTests(RestoredProject project)
{
    private static PackageFacts Read(string installPath, ref int reads)
    {
        reads++;
        return PackageFolderReader.Read(installPath, "System.CommandLine", NuGetVersion.Parse("2.0.0"));
    }

    [Fact]
    public void Second_project_using_a_package_gets_the_facts_without_reading_the_folder()
    {
        var folder = CopyPackage();
        var reads = 0;

        var first = PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));
        var second = PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        Assert.Equal(1, reads);
        Assert.Same(first, second);
        Assert.Equal("MIT", second.License.Expression);
    }

    [Fact]
    public void Package_extracted_again_is_read_again()
    {
        var folder = CopyPackage();
        var reads = 0;
        PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        // Restore writes a new .nupkg.metadata whenever it extracts a package (another source, another hash).
        var metadata = Path.Combine(folder, ".nupkg.metadata");
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("\"source\": \"", "\"source\": \"https://mirror.example/", StringComparison.Ordinal));
        var again = PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        Assert.Equal(2, reads);
        Assert.StartsWith("https://mirror.example/", again.Source);
    }

    [Fact]
    public void Metadata_rewritten_with_the_same_size_is_read_again()
    {
        var folder = CopyPackage();
        var reads = 0;
        PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        // The key is the file's identity, not its content: same length, new bytes, a later write time.
        var metadata = Path.Combine(folder, ".nupkg.metadata");
        var before = File.GetLastWriteTimeUtc(metadata);
        var text = File.ReadAllText(metadata);
        File.WriteAllText(metadata, text.Replace("\"source\": \"h", "\"source\": \"H", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(metadata, before.AddSeconds(2));
        Assert.Equal(text.Length, File.ReadAllText(metadata).Length);
        var again = PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        Assert.Equal(2, reads);
        Assert.StartsWith("H", again.Source);
    }

    [Fact]
    public void Facts_with_problems_are_not_kept()
    {
        var folder = CopyPackage();
        File.WriteAllText(Path.Combine(folder, "system.commandline.nuspec"), "<package><metadata>");
        var reads = 0;

        var first = PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));
        PackageFactsCache.GetOrRead(folder, () => Read(folder, ref reads));

        Assert.NotEmpty(first.Problems);
        Assert.Equal(2, reads);
    }

    /// <summary>A private copy of a restored package folder (root/id/version), so edits touch no other test.</summary>
    private string CopyPackage()
    {
        var source = project.InstallPath("System.CommandLine", "2.0.0");
        var target = Path.Combine(TestPaths.NewTempDirectory("trustcheck-factscache"), "system.commandline", "2.0.0");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source).Where(f => !f.EndsWith(".nupkg", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
