using System.Text.Json;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

[Collection(CliProcessCollection.Name)]
public class CheckCommandTests
{
    private const string Sample = "samples/ModelApp";

    [Fact]
    public void Check_of_the_sample_exits_0_with_ML_packages_first_and_a_summary()
    {
        var result = CliRunner.RunInRepo("check", Sample);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.StartsWith("ML packages (", lines[0]);
        Assert.Matches(@"^passed: \d+ packages \(\d+ ML\), \d+ models: 0 errors, \d+ warnings, \d+ info$", lines[^1].TrimEnd());
        Assert.DoesNotContain("\u001b[", result.Stdout); // no colour when redirected
    }

    [Fact]
    public void Json_report_has_the_contract_shape()
    {
        var result = CliRunner.RunInRepo("check", Sample, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("trustcheck", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("models").ValueKind);
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        Assert.InRange(packages.Count, 30, 60);
        var onnx = packages.Single(p => p.GetProperty("id").GetString() == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.Equal("1.31.1", onnx.GetProperty("version").GetString());
        Assert.True(onnx.GetProperty("direct").GetBoolean());
        Assert.True(onnx.GetProperty("ml").GetBoolean());
        Assert.Equal("file", onnx.GetProperty("license").GetProperty("kind").GetString());
        Assert.True(onnx.GetProperty("license").TryGetProperty("expression", out _));
        Assert.Equal("git", onnx.GetProperty("repository").GetProperty("type").GetString());
        Assert.True(onnx.GetProperty("signature").GetProperty("author").GetBoolean());
        Assert.StartsWith("https://", onnx.GetProperty("source").GetString());
        Assert.False(string.IsNullOrEmpty(onnx.GetProperty("contentHash").GetString()));
        foreach (var finding in root.GetProperty("findings").EnumerateArray())
        {
            Assert.Matches("^TC[0-9]{4}$", finding.GetProperty("ruleId").GetString());
            Assert.Contains(finding.GetProperty("severity").GetString(), new[] { "error", "warning", "info" });
            Assert.False(string.IsNullOrEmpty(finding.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrEmpty(finding.GetProperty("subject").GetString()));
            Assert.True(finding.TryGetProperty("location", out _));
        }
    }

    [Fact]
    public void Error_finding_exits_1()
    {
        var policy = Path.Combine(TestPaths.NewTempDirectory(), PolicyLoader.FileName);
        File.WriteAllText(policy, """{ "packages": { "trustedSources": ["https://pkgs.example.org/v3/index.json"] } }""");

        var result = CliRunner.RunInRepo("check", Sample, "--policy", policy, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"ruleId\": \"TC2003\"", result.Stdout);
    }

    [Fact]
    public void Invalid_policy_exits_2_with_one_line_naming_the_position()
    {
        var policy = Path.Combine(TestPaths.NewTempDirectory(), PolicyLoader.FileName);
        File.WriteAllText(policy, "{\n  \"licences\": {}\n}");

        var result = CliRunner.RunInRepo("check", Sample, "--policy", policy);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("TC9001", line);
        Assert.Contains("trustcheck.json(2,3)", line);
        Assert.Contains("'licences'", line);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Unreadable_lock_exits_2()
    {
        var project = SampleApp.CopyAssets();
        File.WriteAllText(Path.Combine(project, TrustCheckLock.FileName), "{ \"packages\": [ ");

        var result = CliRunner.Run(project, "check", "--no-restore");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TC9002", Assert.Single(result.Stderr.TrimEnd().Split('\n')));
    }

    [Fact]
    public void Missing_project_exits_2()
    {
        var result = CliRunner.RunInRepo("check", "samples/NoSuchApp");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
    }

    [Fact]
    public void Missing_assets_with_no_restore_is_a_TC9003_error_and_never_passes()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-cli-unrestored");
        File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var result = CliRunner.Run(folder, "check", "--no-restore");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TC9003", result.Stdout);
        Assert.StartsWith("FAILED:", result.Stdout.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void Missing_assets_lowered_to_a_warning_by_policy_is_incomplete_not_passed()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-cli-unrestored");
        File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        File.WriteAllText(Path.Combine(folder, PolicyLoader.FileName), """{ "rules": { "TC9003": "warning" } }""");

        var result = CliRunner.Run(folder, "check", "--no-restore");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning TC9003", result.Stdout);
        Assert.StartsWith("INCOMPLETE:", result.Stdout.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void Lock_then_check_reports_no_license_change()
    {
        var project = SampleApp.CopyAssets();

        var locked = CliRunner.Run(project, "lock");
        var check = CliRunner.Run(project, "check", "--no-restore", "--format", "json");

        Assert.Equal(0, locked.ExitCode);
        Assert.Matches(@"Wrote .*trustcheck\.lock\.json: \d+ packages", locked.Stdout);
        var lockFile = LockFileStore.Read(Path.Combine(project, TrustCheckLock.FileName));
        Assert.Null(lockFile.Problem);
        Assert.Contains(lockFile.Lock!.Packages, p => p.Id == "TorchSharp" && p.ContentHash is not null);
        Assert.Equal(0, check.ExitCode);
        Assert.DoesNotContain("TC1004", check.Stdout);
    }
}
