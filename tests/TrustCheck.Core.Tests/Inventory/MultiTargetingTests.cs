using TrustCheck.Core.Inventory;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>
/// A real multi-targeted project (netstandard2.0 + net10.0: both restore here without extra targeting packs) with a
/// package referenced for one framework only, restored at test time.
/// </summary>
public class MultiTargetingTests
{
    [Fact]
    public void Packages_carry_every_framework_they_resolved_for_and_directness_per_framework()
    {
        var directory = TestPaths.NewTempDirectory("trustcheck-multitarget");
        var project = Path.Combine(directory, "Multi.csproj");
        File.WriteAllText(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.CommandLine" Version="2.0.0" />
              </ItemGroup>
              <ItemGroup Condition="'$(TargetFramework)' == 'net10.0'">
                <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
              </ItemGroup>
            </Project>
            """);
        Restore(project, directory);

        var assets = ProjectAssetsReader.Read(Path.Combine(directory, "obj", "project.assets.json"));

        var commandLine = Assert.Single(assets.Packages, p => p.Id == "System.CommandLine");
        Assert.True(commandLine.Direct);
        Assert.Equal(["net10.0", "netstandard2.0"], commandLine.TargetFrameworks.Order(StringComparer.Ordinal));
        var onnx = Assert.Single(assets.Packages, p => p.Id == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.True(onnx.Direct);
        Assert.Equal(["net10.0"], onnx.TargetFrameworks);
        // NETStandard.Library comes in implicitly for netstandard2.0 only.
        var netstandard = Assert.Single(assets.Packages, p => p.Id == "NETStandard.Library");
        Assert.Equal(["netstandard2.0"], netstandard.TargetFrameworks);
    }

    private static void Restore(string project, string directory) => DotnetRestore.Run(project, directory);
}
