using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>
/// A tiny real project, restored once per test run into a temporary folder, so the tests read real
/// project.assets.json and real extracted packages from the global packages folder (no hand-made fakes):
/// an MIT expression (System.CommandLine), a license file next to the aka.ms placeholder URL (Microsoft.ML.OnnxRuntime.Managed),
/// a repository-signed-only package (OllamaSharp) and, downloaded only, a licenseUrl-only package (Newtonsoft.Json 9.0.1).
/// </summary>
public class RestoredProject
{
    public RestoredProject()
        : this("trustcheck-restored", """
            <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
            <PackageReference Include="OllamaSharp" Version="5.5.2" />
            <PackageReference Include="System.CommandLine" Version="2.0.0" />
            <PackageDownload Include="Newtonsoft.Json" Version="[9.0.1]" />
            """)
    {
    }

    /// <param name="packageItems">PackageReference/PackageDownload items of the project.</param>
    protected RestoredProject(string prefix, string packageItems)
    {
        Directory = TestPaths.NewTempDirectory(prefix);
        ProjectPath = Path.Combine(Directory, "Consumer.csproj");
        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
            {packageItems}
              </ItemGroup>
            </Project>
            """);
        DotnetRestore.Run(ProjectPath, Directory);
    }

    public string Directory { get; }

    public string ProjectPath { get; }
    public string AssetsPath => Path.Combine(Directory, "obj", "project.assets.json");

    /// <summary>The global packages folder restore used (the first packageFolders entry of the assets file).</summary>
    public string PackagesFolder => TrustCheck.Core.Inventory.ProjectAssetsReader.Read(AssetsPath).PackageFolders[0];

    /// <summary>
    /// A project folder with this project's real restore output, whose packages folder is a copy of the restored package
    /// folders (extracted files only) that <paramref name="edit"/> may change: damaged or edited packages without
    /// touching the machine's global packages folder.
    /// </summary>
    public string CopyWithEditedPackages(Action<string> edit)
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-edited");
        var packages = Path.Combine(folder, "packages");
        var assets = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(AssetsPath))!;
        foreach (var library in assets["libraries"]!.AsObject())
        {
            var relative = library.Value!["path"]!.GetValue<string>();
            var source = Path.Combine(PackagesFolder, relative);
            var target = System.IO.Directory.CreateDirectory(Path.Combine(packages, relative)).FullName;
            foreach (var file in System.IO.Directory.GetFiles(source))
            {
                if (!file.EndsWith(".nupkg", StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
            }
        }

        assets["packageFolders"] = new System.Text.Json.Nodes.JsonObject { [packages + Path.DirectorySeparatorChar] = new System.Text.Json.Nodes.JsonObject() };
        System.IO.Directory.CreateDirectory(Path.Combine(folder, "obj"));
        File.WriteAllText(Path.Combine(folder, "obj", "project.assets.json"), assets.ToJsonString());
        var projectPath = Path.Combine(folder, "Consumer.csproj");
        File.Copy(ProjectPath, projectPath);
        edit(packages);
        return projectPath;
    }

    public string InstallPath(string id, string version) =>
        Path.Combine(PackagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
}

[CollectionDefinition(Name)]
public sealed class RestoredProjectCollection : ICollectionFixture<RestoredProject>
{
    public const string Name = "restored project";
}
