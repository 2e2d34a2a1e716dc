using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck scan` end to end through the command line, on real corpus bytes copied to a temp folder.</summary>
public class ScanCommandTests
{
    private static async Task<(int ExitCode, JsonElement Report)> ScanAsync(params string[] paths)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "report.json");
        var exit = await CliApp.RunAsync(["scan", .. paths, "--format", "json", "--output", output]);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        return (exit, json.RootElement.Clone());
    }

    [Fact]
    public async Task Malicious_pickle_fails_the_scan_with_exit_code_1()
    {
        var dir = TestPaths.NewTempDirectory();
        File.Copy(TestPaths.CorpusFile("picklescan/data/malicious1.zip"), Path.Combine(dir, "model.pt"));

        var (exit, report) = await ScanAsync(dir);

        Assert.Equal(CliApp.ExitFindings, exit);
        Assert.Contains(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task Benign_model_passes_and_is_listed_with_its_hash()
    {
        var dir = TestPaths.NewTempDirectory();
        var model = Path.Combine(dir, "relu.onnx");
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"), model);

        var (exit, report) = await ScanAsync(model);

        Assert.Equal(CliApp.ExitOk, exit);
        var entry = Assert.Single(report.GetProperty("models").EnumerateArray());
        Assert.Equal("onnx", entry.GetProperty("format").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))), entry.GetProperty("sha256").GetString());
    }
}
