using System.Security.Cryptography;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// A real git repository with a real pull request in it, made once per test class:
/// base commit — app/ locked (FluentAssertions 7.2.2, MySql.Data 8.0.16, models/model.onnx) with a policy that denies
/// LGPL-3.0-only; head commit — adds EPPlus 4.5.3.3 (LGPL-3.0-only, identified from its license file), upgrades
/// MySql.Data to 26.10.0 (license: a URL to a PDF, so unknown → GPL-2.0-only WITH Universal-FOSS-exception-1.0), adds
/// models/extra.onnx, replaces models/model.onnx, and re-locks (as a pull request that updates a model does).
/// Restored from the package source like any consumer; the model bytes are real ONNX files from the corpus.
/// </summary>
public sealed class PullRequestRepository : IDisposable
{
    public const string BaseModelSource = "onnx/simple/test_single_relu_model.onnx";
    public const string HeadModelSource = "onnx/simple/test_shrink.onnx";
    public const string AddedModelSource = "onnx/pytorch-operator/test_operator_conv.onnx";

    public PullRequestRepository()
    {
        Root = TestPaths.NewTempDirectory("trustcheck-pr");
        Repository = Path.Combine(Root, "repo");
        Directory.CreateDirectory(Path.Combine(Repository, "app", "models"));
        Git("init", "-q", "-b", "main", ".");
        File.WriteAllText(Path.Combine(Repository, ".gitignore"), "bin/\nobj/\n");
        File.WriteAllText(Path.Combine(Repository, "app", "trustcheck.json"), "{ \"licenses\": { \"deny\": [\"LGPL-3.0-only\"] } }\n");
        WriteProject("""<PackageReference Include="MySql.Data" Version="8.0.16" />""");
        File.Copy(TestPaths.CorpusFile(BaseModelSource), Path.Combine(Repository, "app", "models", "model.onnx"));
        DotnetRestore.Run(ProjectPath);
        Expect(0, CliRunner.Run(Repository, "lock", "app"));
        Expect(0, CliRunner.Run(Repository, "check", "app", "--format", "json", "--output", BaseReportPath));
        File.Copy(Path.Combine(Repository, "app", "trustcheck.lock.json"), BaseLockPath);
        Git("add", "-A");
        Git("commit", "-q", "-m", "base");

        WriteProject("""
            <PackageReference Include="MySql.Data" Version="26.10.0" />
                <PackageReference Include="EPPlus" Version="4.5.3.3" />
            """);
        File.Copy(TestPaths.CorpusFile(HeadModelSource), Path.Combine(Repository, "app", "models", "model.onnx"), overwrite: true);
        File.Copy(TestPaths.CorpusFile(AddedModelSource), Path.Combine(Repository, "app", "models", "extra.onnx"));
        DotnetRestore.Run(ProjectPath);
        Expect(0, CliRunner.Run(Repository, "lock", "app"));
        Git("add", "-A");
        Git("commit", "-q", "-m", "head: EPPlus, MySql.Data 26, new and changed model");
    }

    public string Root { get; }
    public string Repository { get; }
    public string ProjectPath => Path.Combine(Repository, "app", "App.csproj");
    /// <summary>`trustcheck check --format json` of the base commit, made from the repository root (outside the repository).</summary>
    public string BaseReportPath => Path.Combine(Root, "base-report.json");
    public string BaseLockPath => Path.Combine(Root, "base-lock.json");

    public static string Sha256Of(string corpusFile) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestPaths.CorpusFile(corpusFile))));

    public CliResult Diff(params string[] args) => CliRunner.Run(Repository, ["diff", "app", .. args]);

    public string Git(params string[] args)
    {
        var result = CliRunner.RunProcess("git", Repository,
            ["-c", "user.name=TrustCheck Tests", "-c", "user.email=tests@trustcheck.invalid", "-c", "commit.gpgsign=false", .. args]);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }

    private void WriteProject(string references) => File.WriteAllText(ProjectPath, $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="FluentAssertions" Version="7.2.2" />
            {references}
          </ItemGroup>
        </Project>
        """);

    private static void Expect(int exitCode, CliResult result) => Assert.True(result.ExitCode == exitCode, result.ToString());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
