using System.IO.Compression;
using System.Xml.Linq;

namespace TrustCheck.Build.Tests;

[Collection(EndToEndCollection.Name)]
public class PackageLayoutTests
{
    private readonly EndToEndFixture _fixture;

    public PackageLayoutTests(EndToEndFixture fixture) => _fixture = fixture;

    private IReadOnlyList<string> Entries()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_fixture.Feed.Directory, $"TrustCheck.{_fixture.Feed.Version}.nupkg"));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private XDocument Nuspec()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_fixture.Feed.Directory, $"TrustCheck.{_fixture.Feed.Version}.nupkg"));
        using var stream = zip.GetEntry("TrustCheck.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    [Theory]
    [InlineData("tasks/net10.0/TrustCheck.Build.dll")]
    [InlineData("tasks/net10.0/TrustCheck.Build.deps.json")]
    [InlineData("tasks/net10.0/TrustCheck.Core.dll")]
    [InlineData("tasks/net10.0/NuGet.Packaging.dll")]
    [InlineData("tasks/net10.0/NuGet.ProjectModel.dll")]
    [InlineData("build/TrustCheck.props")]
    [InlineData("build/TrustCheck.targets")]
    [InlineData("buildTransitive/TrustCheck.props")]
    [InlineData("buildTransitive/TrustCheck.targets")]
    [InlineData("analyzers/dotnet/cs/TrustCheck.Analyzers.dll")]
    [InlineData("analyzers/dotnet/cs/TrustCheck.Analyzers.CodeFixes.dll")]
    public void Package_contains(string entry)
    {
        Assert.Contains(entry, Entries());
    }

    [Fact]
    public void Package_ships_no_msbuild_assemblies_and_nothing_for_the_consumers_compilation()
    {
        var entries = Entries();
        Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_is_a_development_dependency_without_dependencies()
    {
        var nuspec = Nuspec();
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("TrustCheck", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_fixture.Feed.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }

    [Fact]
    public void BuildTransitive_files_import_the_build_files()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_fixture.Feed.Directory, $"TrustCheck.{_fixture.Feed.Version}.nupkg"));
        foreach (var name in new[] { "TrustCheck.props", "TrustCheck.targets" })
        {
            using var reader = new StreamReader(zip.GetEntry("buildTransitive/" + name)!.Open());
            Assert.Contains($"../build/{name}", reader.ReadToEnd());
        }
    }
}
