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

    [Fact]
    public void Every_resolved_package_is_listed_once_with_the_frameworks_it_resolved_for()
    {
        // This test project's own restore output: a real, larger graph (xunit, NuGet.* through TrustCheck.Core, …).
        var assetsPath = Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Core.Tests", "obj", "project.assets.json");
        var assets = ProjectAssetsReader.Read(assetsPath);

        Assert.Equal(assets.Packages.Count, assets.Packages.Select(p => p.Subject).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(assets.Packages, p => Assert.Equal(["net10.0"], p.TargetFrameworks));
        Assert.True(Assert.Single(assets.Packages, p => p.Id == "xunit").Direct);
        Assert.False(Assert.Single(assets.Packages, p => p.Id == "NuGet.Frameworks").Direct);
        Assert.DoesNotContain(assets.Packages, p => p.Id == "TrustCheck.Core"); // a project reference, not a package
    }

    [Fact]
    public void Oversized_assets_file_is_rejected_before_it_is_parsed()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "project.assets.json");
        using (var file = File.Create(path))
        {
            file.SetLength(513L * 1024 * 1024); // sparse: no disk cost
        }

        var error = Assert.Throws<InvalidDataException>(() => ProjectAssetsReader.Read(path));
        Assert.Contains("larger than any restore output", error.Message);
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
