using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>Every --format on `check` and `scan`, written to --output, in a separate process as users run it.</summary>
[Collection(CliProcessCollection.Name)]
public class OutputFormatTests
{
    private const string Sample = "samples/ModelApp";

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("cyclonedx")]
    [InlineData("markdown")]
    [InlineData("text")]
    public void Check_writes_each_format_to_the_output_file_in_a_new_folder_and_nothing_to_stdout(string format)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "reports", "nested", "report." + format);

        var result = CliRunner.RunInRepo("check", Sample, "--format", format, "--output", output);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stdout);
        var text = File.ReadAllText(output);
        AssertShape(format, text);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("cyclonedx")]
    [InlineData("markdown")]
    [InlineData("text")]
    public void Scan_writes_each_format_to_the_output_file(string format)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "report." + format);

        var result = CliRunner.RunInRepo("scan", "samples/ModelApp/models", "--format", format, "--output", output);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        AssertShape(format, File.ReadAllText(output));
    }

    [Fact]
    public void Unwritable_output_path_is_exit_2_with_one_line_on_stderr()
    {
        var blocker = Path.Combine(TestPaths.NewTempDirectory(), "a-file");
        File.WriteAllText(blocker, "not a folder");

        var result = CliRunner.RunInRepo("scan", "samples/ModelApp/models", "--format", "sarif", "--output", Path.Combine(blocker, "report.sarif"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("trustcheck: cannot write --output", line);
    }

    [Fact]
    public void Output_path_that_is_a_folder_is_exit_2()
    {
        var result = CliRunner.RunInRepo("scan", "samples/ModelApp/models", "--output", TestPaths.NewTempDirectory());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a folder", result.Stderr);
    }

    private static void AssertShape(string format, string text)
    {
        switch (format)
        {
            case "json":
                using (var json = JsonDocument.Parse(text))
                {
                    Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
                }

                break;
            case "sarif":
                using (var json = JsonDocument.Parse(text))
                {
                    Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
                }

                break;
            case "cyclonedx":
                using (var json = JsonDocument.Parse(text))
                {
                    Assert.Equal("CycloneDX", json.RootElement.GetProperty("bomFormat").GetString());
                }

                break;
            case "markdown":
                Assert.StartsWith("## ", text);
                Assert.Contains("samples/ModelApp/models/squeezenet` | onnx |", text);
                break;
            default:
                Assert.Contains("passed:", text);
                Assert.DoesNotContain("\u001b[", text);
                break;
        }
    }
}
