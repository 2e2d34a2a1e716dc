using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>Solutions that are wrong in the ways real ones are: clear findings or exit 2, never a crash; the other projects are still checked.</summary>
[Collection(CliProcessCollection.Name)]
public sealed class SolutionBadInputTests(GeneratedSolution solution) : IClassFixture<GeneratedSolution>
{
    [Fact]
    public void Solution_naming_a_missing_project_reports_it_as_an_error_and_checks_the_others()
    {
        var folder = Directory.CreateDirectory(Path.Combine(solution.Root, "missing")).FullName;
        DotnetCommand.Run(folder, "new", "sln", "--format", "sln", "--name", "Missing");
        DotnetCommand.Run(folder, "sln", "Missing.sln", "add", "../src/Lib/Lib.csproj");
        // `dotnet sln add` refuses a project that does not exist: add its entry the way a deleted folder leaves it.
        var text = File.ReadAllText(Path.Combine(folder, "Missing.sln"));
        var entry = "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Gone\", \"..\\src\\Gone\\Gone.csproj\", \"{6A1B2C3D-0000-4000-8000-000000000001}\"\r\nEndProject\r\n";
        File.WriteAllText(Path.Combine(folder, "Missing.sln"), text.Replace("Global", entry + "Global", StringComparison.Ordinal));

        var result = CliRunner.Run(solution.Root, "check", "missing/Missing.sln", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var missing = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TC9003");
        Assert.Equal("error", missing.GetProperty("severity").GetString());
        Assert.Equal("src/Gone/Gone.csproj", missing.GetProperty("subject").GetString());
        Assert.Contains(json.RootElement.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "Microsoft.ML.OnnxRuntime.Managed");
    }

    [Theory]
    [InlineData("Bad.sln", "Microsoft Visual Studio Solution File, Format Version 12.00\nProject(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"A\", \"A.csproj\"\n")]
    [InlineData("Bad.slnx", "<Solution>\n  <Project Path=\"A/A.csproj\">\n")]
    [InlineData("Empty.sln", "")]
    public void Malformed_solution_exits_2_with_one_line_naming_it(string name, string content)
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-bad-solution");
        File.WriteAllText(Path.Combine(folder, name), content);

        var result = CliRunner.Run(folder, "check", name);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains(name, line);
        Assert.DoesNotContain("internal error", line);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Folder_with_two_solutions_exits_2_asking_to_name_one()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-two-solutions");
        DotnetCommand.Run(folder, "new", "sln", "--format", "sln", "--name", "One");
        DotnetCommand.Run(folder, "new", "sln", "--format", "slnx", "--name", "Two");

        foreach (var command in new[] { "check", "lock", "init" })
        {
            var result = CliRunner.Run(folder, command, ".");

            Assert.True(result.ExitCode == 2, result.ToString());
            var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
            Assert.Contains("One.sln", line);
            Assert.Contains("Two.slnx", line);
        }
    }

    [Fact]
    public void Project_whose_package_does_not_resolve_fails_with_TC9006_at_its_reference_and_the_solution_is_restored_once()
    {
        var folder = Directory.CreateDirectory(Path.Combine(solution.Root, "broken")).FullName;
        var project = Path.Combine(folder, "Broken", "Broken.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TrustCheck.Test.Does.Not.Exist" VersionOverride="1.2.3" />
              </ItemGroup>
            </Project>
            """);
        DotnetCommand.Run(folder, "new", "sln", "--format", "sln", "--name", "Broken");
        DotnetCommand.Run(folder, "sln", "Broken.sln", "add", "Broken/Broken.csproj", "../src/Lib/Lib.csproj");

        var result = CliRunner.Run(solution.Root, "check", "broken/Broken.sln", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("running 'dotnet restore", StringComparison.Ordinal));
        Assert.Contains("dotnet restore Broken.sln", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var failed = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TC9006");
        Assert.Equal("error", failed.GetProperty("severity").GetString());
        var data = failed.GetProperty("data");
        Assert.Equal("NU1101", data.GetProperty("code").GetString());
        Assert.Equal("TrustCheck.Test.Does.Not.Exist", data.GetProperty("package").GetString());
        Assert.Equal("[1.2.3, )", data.GetProperty("requestedRange").GetString());
        Assert.Contains("net10.0", failed.GetProperty("message").GetString());
        Assert.Contains("netstandard2.0", failed.GetProperty("message").GetString());
        Assert.Equal("broken/Broken/Broken.csproj", failed.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(6, failed.GetProperty("location").GetProperty("line").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "Microsoft.ML.OnnxRuntime.Managed");

        var text = CliRunner.Run(solution.Root, "check", "broken/Broken.sln");
        Assert.StartsWith("FAILED:", text.Stdout.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void No_restore_with_an_unrestored_project_is_an_error_for_that_project_and_never_passes()
    {
        var folder = Directory.CreateDirectory(Path.Combine(solution.Base, "unrestored")).FullName;
        foreach (var name in new[] { "Fresh", "Other" })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            File.WriteAllText(Path.Combine(folder, name, name + ".csproj"), """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        }

        var result = CliRunner.Run(folder, "check", ".", "--no-restore");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("passed", result.Stdout);
        Assert.Equal(2, result.Stdout.Split('\n').Count(l => l.Contains("error TC9003", StringComparison.Ordinal)));
        Assert.False(File.Exists(Path.Combine(folder, "Fresh", "obj", "project.assets.json")));
    }
}
