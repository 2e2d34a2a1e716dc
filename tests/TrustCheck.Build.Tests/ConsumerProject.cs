using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Build.Tests;

/// <summary>
/// A console project in its own temporary folder (outside the repository, so the repository's Directory.*.props and
/// Central Package Management do not apply) that references the freshly packed TrustCheck and real ML packages.
/// Its nuget.config adds the test feed and keeps the machine's own sources for everything else.
/// </summary>
public sealed class ConsumerProject
{
    public const string ProjectFileName = "Consumer.csproj";

    private readonly PackageFeed _feed;
    private readonly List<string> _properties = new();
    private readonly List<string> _items = new();
    private string _projectFolder = "";
    private string _frameworks = "<OutputType>Exe</OutputType>\n        <TargetFramework>net10.0</TargetFramework>";
    private string _programFile = "Program.cs";
    private string _program = """
        using Microsoft.ML.OnnxRuntime;

        Console.WriteLine(typeof(InferenceSession).FullName);
        """;

    public ConsumerProject(PackageFeed feed, string name)
    {
        _feed = feed;
        Directory = TestPaths.NewTempDirectory($"trustcheck-e2e-{name}");
    }

    public string Directory { get; }

    /// <summary>Where the project file is: <see cref="Directory"/> unless <see cref="InFolder"/> moved it below.</summary>
    public string ProjectDirectory => Path.Combine(Directory, _projectFolder);

    public string ProjectPath => Path.Combine(ProjectDirectory, ProjectFileName);

    /// <summary>obj/Debug/net10.0: the single framework's, or a multi-targeted project's first (where the check runs).</summary>
    public string IntermediateDirectory => Path.Combine(ProjectDirectory, "obj", "Debug", "net10.0");

    public string ReportPath => Path.Combine(IntermediateDirectory, "trustcheck.report.json");

    /// <summary>The analyzer facts file, under the name the analyzers look for.</summary>
    public string FactsPath => Path.Combine(IntermediateDirectory, TrustCheck.Facts.AnalyzerFactsFormat.FileName);

    /// <summary>Matches the facts file on the compiler's command line.</summary>
    public static string AdditionalFactsFilePattern => @"/additionalfile:\S*" + System.Text.RegularExpressions.Regex.Escape(TrustCheck.Facts.AnalyzerFactsFormat.FileName);

    /// <summary>Puts the project (and its Program.cs) in <paramref name="relativeFolder"/> below the consumer folder, as in a repository with src/.</summary>
    public ConsumerProject InFolder(string relativeFolder)
    {
        _projectFolder = relativeFolder;
        return this;
    }

    /// <summary>A class library for several frameworks (the first one net10.0) instead of the net10.0 console app.</summary>
    public ConsumerProject MultiTargeted(string targetFrameworks)
    {
        _frameworks = $"<TargetFrameworks>{targetFrameworks}</TargetFrameworks>\n        <LangVersion>latest</LangVersion>";
        _programFile = "Library.cs";
        _program = """
            namespace Consumer
            {
                public static class Library
                {
                    public static string SessionType => typeof(Microsoft.ML.OnnxRuntime.InferenceSession).FullName!;
                }
            }
            """;
        return this;
    }

    public ConsumerProject WithProperty(string name, string value)
    {
        _properties.Add($"    <{name}>{value}</{name}>");
        return this;
    }

    public ConsumerProject WithItem(string xml)
    {
        _items.Add("    " + xml);
        return this;
    }

    /// <summary>Replaces the default Program.cs (the analyzer scenarios load models in it).</summary>
    public ConsumerProject WithProgram(string source)
    {
        _program = source;
        return this;
    }

    public ConsumerProject WithFile(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public ConsumerProject WithCopy(string relativePath, string sourcePath)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(sourcePath, path);
        return this;
    }

    /// <summary>Writes nuget.config, the project and Program.cs.</summary>
    public ConsumerProject Create()
    {
        WithFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="trustcheck-e2e" value="{_feed.Directory}" />
              </packageSources>
            </configuration>
            """);
        WithFile(Path.Combine(_projectFolder, ProjectFileName), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {_frameworks}
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
            {string.Join("\n", _properties)}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TrustCheck" Version="{_feed.Version}" PrivateAssets="all" />
                <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
                <PackageReference Include="OllamaSharp" Version="5.5.2" />
            {string.Join("\n", _items)}
              </ItemGroup>
            </Project>
            """);
        WithFile(Path.Combine(_projectFolder, _programFile), _program);
        return this;
    }

    /// <summary>`dotnet build` at detailed verbosity: diagnostics, target skips and task assembly loads are all in the log.</summary>
    public Task<ProcessResult> BuildAsync(params string[] extraArguments) =>
        DotnetCli.RunAsync(ProjectDirectory, ["build", ProjectFileName, "-nr:false", "-v:d", .. extraArguments]);

    /// <summary>As <see cref="BuildAsync(string[])"/> with extra environment variables (OLLAMA_MODELS, HF_HUB_CACHE …).</summary>
    public Task<ProcessResult> BuildAsync(IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
        DotnetCli.RunAsync(Directory, environment, ["build", ProjectFileName, "-nr:false", "-v:d", .. extraArguments]);

    /// <summary>
    /// What an IDE's design-time build does: restore, then run the compile targets with the compiler switched off
    /// (DesignTimeBuild=true, BuildingProject=false, SkipCompilerExecution=true).
    /// </summary>
    public async Task<ProcessResult> DesignTimeBuildAsync()
    {
        var restore = await DotnetCli.RunAsync(ProjectDirectory, "restore", ProjectFileName, "-nr:false");
        if (restore.ExitCode != 0)
        {
            return restore;
        }

        return await DotnetCli.RunAsync(ProjectDirectory, "msbuild", ProjectFileName, "-t:Compile", "-nr:false", "-v:d",
            "-p:DesignTimeBuild=true", "-p:BuildingProject=false", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true");
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public Report ReadReport() =>
        ReportJson.Deserialize(File.ReadAllText(ReportPath)) ?? throw new InvalidDataException($"{ReportPath} is empty");
}
