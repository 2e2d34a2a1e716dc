using TrustCheck.Tests;
using TrustCheck.Core.Inventory;

namespace TrustCheck.Core.Tests.Inventory;

[Collection(RestoredProjectCollection.Name)]
public class ProjectAssetsReaderTests(RestoredProject project)
{
    [Fact]
    public void Direct_references_are_marked_direct_and_their_dependencies_transitive()
    {
        var assets = ProjectAssetsReader.Read(project.AssetsPath);

        var onnx = Assert.Single(assets.Packages, p => p.Id == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.True(onnx.Direct);
        Assert.Equal("1.31.1", onnx.Version.ToNormalizedString());
        Assert.Equal(["net10.0"], onnx.TargetFrameworks);
        Assert.Contains(assets.Packages, p => !p.Direct); // OnnxRuntime.Managed pulls in System.Numerics.Tensors
        Assert.DoesNotContain(assets.Packages, p => p.Id == "Newtonsoft.Json"); // PackageDownload is not a dependency
    }

    [Fact]
    public void Package_folders_come_from_the_assets_file()
    {
        var assets = ProjectAssetsReader.Read(project.AssetsPath);

        Assert.NotEmpty(assets.PackageFolders);
        Assert.True(Directory.Exists(assets.PackageFolders[0]));
    }

    [Fact]
    public void Central_package_management_references_are_direct()
    {
        // The repository's own test project restores with Central Package Management (Directory.Packages.props).
        var assetsPath = Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Core.Tests", "obj", "project.assets.json");
        var assets = ProjectAssetsReader.Read(assetsPath);

        Assert.True(Assert.Single(assets.Packages, p => p.Id == "xunit").Direct);
        Assert.False(Assert.Single(assets.Packages, p => p.Id == "NuGet.Versioning").Direct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 3}")]
    [InlineData("[1, 2, 3]")]
    public void Corrupt_assets_file_throws_InvalidDataException(string content)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "project.assets.json");
        File.WriteAllText(path, content);

        Assert.Throws<InvalidDataException>(() => ProjectAssetsReader.Read(path));
    }
}

[Collection(RestoredProjectCollection.Name)]
public class ProjectAssetsReaderAgreesWithNuGetTests(RestoredProject project)
{
    /// <summary>Our lean reader must see exactly what NuGet's LockFileFormat sees, on real assets files.</summary>
    [Fact]
    public void Packages_directness_frameworks_and_folders_match_LockFileFormat()
    {
        var assetsFiles = new[]
        {
            project.AssetsPath,
            Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Core.Tests", "obj", "project.assets.json"),
            Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Cli", "obj", "project.assets.json"),
        }.Where(File.Exists).ToList();
        Assert.True(assetsFiles.Count >= 2);

        foreach (var path in assetsFiles)
        {
            var ours = ProjectAssetsReader.Read(path);
            var nuget = new NuGet.ProjectModel.LockFileFormat().Read(path);
            var direct = nuget.PackageSpec.TargetFrameworks.SelectMany(f => f.Dependencies).Select(d => d.Name)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var expected = nuget.Targets
                .SelectMany(t => t.Libraries.Where(l => l.Type == "package").Select(l => (l.Name, Version: l.Version!.ToNormalizedString(), Framework: t.TargetFramework.GetShortFolderName())))
                .GroupBy(l => (l.Name, l.Version))
                .Select(g => $"{g.Key.Name}@{g.Key.Version} direct={direct.Contains(g.Key.Name)} {string.Join(",", g.Select(l => l.Framework).Distinct().Order(StringComparer.Ordinal))}")
                .Order(StringComparer.Ordinal)
                .ToList();
            var actual = ours.Packages
                .Select(p => $"{p.Id}@{p.Version.ToNormalizedString()} direct={p.Direct} {string.Join(",", p.TargetFrameworks)}")
                .Order(StringComparer.Ordinal)
                .ToList();

            Assert.Equal(expected, actual);
            Assert.Equal(nuget.PackageFolders.Select(f => f.Path), ours.PackageFolders);
        }
    }
}
