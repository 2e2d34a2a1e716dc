using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// A real repository-shaped solution, written with `dotnet new sln` / `dotnet sln add` and restored for real once:
/// Central Package Management in Directory.Packages.props; Lib multi-targets net10.0 + netstandard2.0; App references
/// Lib (ProjectReference); Vision holds a model folder (the sample's real squeezenet ONNX); Tool sits outside the
/// solution's folder with its own versions. Demo.sln is at the root, the same projects in slnx/Demo.slnx.
/// </summary>
public sealed class GeneratedSolution
{
    public GeneratedSolution()
    {
        Base = TestPaths.NewTempDirectory("trustcheck-solution");
        Root = Directory.CreateDirectory(Path.Combine(Base, "repo")).FullName;
        Write("Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
                <PackageVersion Include="OllamaSharp" Version="5.5.2" />
                <PackageVersion Include="System.CommandLine" Version="2.0.0" />
              </ItemGroup>
            </Project>
            """);
        Write("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" />
                <PackageReference Include="System.CommandLine" />
              </ItemGroup>
            </Project>
            """);
        Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OllamaSharp" />
                <PackageReference Include="System.CommandLine" />
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write("src/Vision/Vision.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.CommandLine" />
                <None Include="models/**" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        var model = Directory.CreateDirectory(Path.Combine(Root, "src", "Vision", "models", "squeezenet")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Samples, "ModelApp", "models", "squeezenet")))
        {
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        }

        var tool = Path.Combine(Base, "shared", "Tool", "Tool.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(tool)!);
        File.WriteAllText(tool, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.CommandLine" Version="2.0.0" />
              </ItemGroup>
            </Project>
            """);

        DotnetCommand.Run(Root, "new", "sln", "--format", "sln", "--name", "Demo");
        DotnetCommand.Run(Root, "sln", "Demo.sln", "add", "src/Lib/Lib.csproj", "src/App/App.csproj", "src/Vision/Vision.csproj", "../shared/Tool/Tool.csproj");
        Directory.CreateDirectory(Path.Combine(Root, "slnx"));
        DotnetCommand.Run(Path.Combine(Root, "slnx"), "new", "sln", "--format", "slnx", "--name", "Demo");
        DotnetCommand.Run(Root, "sln", "slnx/Demo.slnx", "add", "src/Lib/Lib.csproj", "src/App/App.csproj", "src/Vision/Vision.csproj", "../shared/Tool/Tool.csproj");
        DotnetRestore.Run(Solution, Root);
    }

    /// <summary>Holds repo/ (the solution's folder) and shared/ (a project outside it).</summary>
    public string Base { get; }

    public string Root { get; }

    public string Solution => Path.Combine(Root, "Demo.sln");

    public string Slnx => Path.Combine(Root, "slnx", "Demo.slnx");

    /// <summary>Paths of the projects as the report shows them when the CLI runs in <see cref="Root"/>.</summary>
    public static readonly string[] ShownProjects = ["src/App/App.csproj", "src/Lib/Lib.csproj", "src/Vision/Vision.csproj"];

    public string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>1-based line of the first line of <paramref name="relative"/> that contains <paramref name="text"/>.</summary>
    public int LineOf(string relative, string text) =>
        Array.FindIndex(File.ReadAllLines(FullPath(relative)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private void Write(string relative, string text)
    {
        var path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
