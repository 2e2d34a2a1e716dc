using NuGet.Versioning;
using TrustCheck.Core.Inventory;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>What the MSBuild task keeps from project.assets.json in obj/ between builds, read from real restore output.</summary>
[Collection(RestoredProjectCollection.Name)]
public class ProjectAssetsCacheTests(RestoredProject project)
{
    private readonly string _dir = TestPaths.NewTempDirectory("trustcheck-assets-cache");

    /// <summary>A copy of the restored assets file, so its time and content can change without touching the fixture.</summary>
    private string CopyOfAssets(string assetsPath)
    {
        var copy = Path.Combine(_dir, "obj", "project.assets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(assetsPath, copy, overwrite: true);
        return copy;
    }

    private string CachePath => Path.Combine(_dir, "obj", "trustcheck.assets.cache");

    [Theory]
    [InlineData("restored")]
    [InlineData("repository test project (Central Package Management, project references)")]
    public void Cached_assets_equal_what_the_assets_file_says(string which)
    {
        var source = which == "restored" ? project.AssetsPath
            : Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Core.Tests", "obj", "project.assets.json");
        var assets = CopyOfAssets(source);
        var fromJson = ProjectAssetsReader.Read(assets);

        var first = ProjectAssetsCache.Read(assets, CachePath);
        Assert.True(File.Exists(CachePath));
        var second = ProjectAssetsCache.Read(assets, CachePath);

        foreach (var read in new[] { first, second })
        {
            AssertSame(fromJson, read);
        }
    }

    [Fact]
    public void A_cache_for_this_very_assets_file_is_what_the_check_gets()
    {
        var assets = CopyOfAssets(project.AssetsPath);
        ProjectAssetsCache.Read(assets, CachePath);
        // Drop one package line: only a read served from the cache can miss it.
        var lines = File.ReadAllLines(CachePath).ToList();
        lines.RemoveAt(lines.FindIndex(l => l.StartsWith("package\tOllamaSharp\t", StringComparison.Ordinal)));
        File.WriteAllText(CachePath, string.Join('\n', lines) + "\n");

        var read = ProjectAssetsCache.Read(assets, CachePath);

        Assert.DoesNotContain(read.Packages, p => p.Id == "OllamaSharp");
        Assert.Contains(read.Packages, p => p.Id == "System.CommandLine");
    }

    [Fact]
    public void A_restore_that_rewrites_the_assets_file_makes_the_cache_derive_again()
    {
        var assets = CopyOfAssets(project.AssetsPath);
        ProjectAssetsCache.Read(assets, CachePath);
        var lines = File.ReadAllLines(CachePath).Where(l => !l.StartsWith("package\tOllamaSharp\t", StringComparison.Ordinal));
        File.WriteAllText(CachePath, string.Join('\n', lines) + "\n");

        File.SetLastWriteTimeUtc(assets, File.GetLastWriteTimeUtc(assets).AddSeconds(5));
        var read = ProjectAssetsCache.Read(assets, CachePath);

        Assert.Contains(read.Packages, p => p.Id == "OllamaSharp");
        Assert.Contains(File.ReadAllLines(CachePath), l => l.StartsWith("package\tOllamaSharp\t", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("trustcheck-assets-cache 1\n")]
    [InlineData("trustcheck-assets-cache 999\nsource\tx\nend\n")]
    [InlineData("truncated")]
    [InlineData("bad package")]
    public void A_bad_cache_file_is_ignored_and_written_again(string content)
    {
        var assets = CopyOfAssets(project.AssetsPath);
        ProjectAssetsCache.Read(assets, CachePath);
        var good = File.ReadAllText(CachePath);
        File.WriteAllText(CachePath, content switch
        {
            "truncated" => good[..(good.Length / 2)],
            "bad package" => good.Replace("package\tOllamaSharp\t5.5.2\t", "package\tOllamaSharp\tnot-a-version\t", StringComparison.Ordinal),
            _ => content,
        });

        var read = ProjectAssetsCache.Read(assets, CachePath);

        AssertSame(ProjectAssetsReader.Read(assets), read);
        Assert.Equal(good, File.ReadAllText(CachePath));
    }

    [Fact]
    public async Task A_fifo_or_folder_in_the_cache_s_place_never_blocks_or_fails_the_check()
    {
        var assets = CopyOfAssets(project.AssetsPath);
        Directory.CreateDirectory(CachePath);
        AssertSame(ProjectAssetsReader.Read(assets), ProjectAssetsCache.Read(assets, CachePath));
        Directory.Delete(CachePath);

        if (SpecialFiles.CanMakeFifo)
        {
            SpecialFiles.Fifo(CachePath);
            // WaitAsync throws TimeoutException if reading blocked on the FIFO.
            var read = await Task.Run(() => ProjectAssetsCache.Read(assets, CachePath)).WaitAsync(TimeSpan.FromSeconds(30));
            AssertSame(ProjectAssetsReader.Read(assets), read);
        }
    }

    [Fact]
    public void Restore_errors_are_never_cached()
    {
        var assets = new ProjectAssets("/x/obj/project.assets.json", [new ResolvedPackage("A", NuGetVersion.Parse("1.0.0"), true, ["net10.0"])], ["/p/"])
        {
            RestoreErrors = [new RestoreError("NU1101", "Unable to find package B.", "B", "[1.0.0, )", ["net10.0"])],
        };

        Assert.Null(ProjectAssetsCache.Serialize("/x/obj/project.assets.json|1|1", assets));
        Assert.NotNull(ProjectAssetsCache.Serialize("/x/obj/project.assets.json|1|1", assets with { RestoreErrors = [] }));
    }

    [Fact]
    public void A_field_with_a_tab_or_line_break_is_never_cached()
    {
        var assets = new ProjectAssets("/x/obj/project.assets.json", [new ResolvedPackage("A", NuGetVersion.Parse("1.0.0"), true, ["net10.0"])], ["/odd\tfolder/"]);

        Assert.Null(ProjectAssetsCache.Serialize("/x|1|1", assets));
        Assert.Null(ProjectAssetsCache.Serialize("/x|1|1", assets with { PackageFolders = ["/p/"], ProjectReferences = ["/a\nb.csproj"] }));
        Assert.NotNull(ProjectAssetsCache.Serialize("/x|1|1", assets with { PackageFolders = ["/p/"] }));
    }

    private static void AssertSame(ProjectAssets expected, ProjectAssets actual)
    {
        Assert.Equal(expected.AssetsPath, actual.AssetsPath);
        Assert.Equal(expected.PackageFolders, actual.PackageFolders);
        Assert.Equal(expected.ProjectReferences, actual.ProjectReferences);
        Assert.Empty(actual.RestoreErrors);
        Assert.Equal(expected.Packages.Count, actual.Packages.Count);
        for (var i = 0; i < expected.Packages.Count; i++)
        {
            var (e, a) = (expected.Packages[i], actual.Packages[i]);
            Assert.Equal(e.Subject, a.Subject);
            Assert.Equal(e.Version, a.Version);
            Assert.Equal(e.Direct, a.Direct);
            Assert.Equal(e.TargetFrameworks, a.TargetFrameworks);
            Assert.Equal(e.Dependencies, a.Dependencies);
        }
    }
}
