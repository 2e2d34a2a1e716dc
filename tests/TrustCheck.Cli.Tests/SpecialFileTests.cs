using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// FIFOs, sockets, links to endless devices and link loops named like models, policies, locks and signatures: each is
/// named in one TC finding and never opened, and the rest of the check still runs. Every run has a time limit, so a
/// regression fails the test instead of hanging CI. FIFOs and sockets need Unix; the tests say so and pass on Windows.
/// </summary>
[Collection(CliProcessCollection.Name)]
public class SpecialFileTests
{
    /// <summary>Generous for a loaded CI machine; a hang never finishes at all.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static JsonElement Json(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private static List<JsonElement> Findings(JsonElement report, string ruleId) =>
        report.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == ruleId).ToList();

    private static string MessageFor(JsonElement report, string ruleId, string fileName) =>
        Findings(report, ruleId).Select(f => f.GetProperty("message").GetString()!).FirstOrDefault(m => m.Contains(fileName, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no {ruleId} finding names {fileName}:\n{report}");

    [Fact]
    public void Scan_of_a_folder_with_special_files_names_each_one_and_still_checks_the_real_model()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // Windows has no FIFOs, sockets or /dev devices behind ordinary paths.
        }

        var dir = TestPaths.NewTempDirectory();
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"), Path.Combine(dir, "relu.onnx"));
        SpecialFiles.Fifo(Path.Combine(dir, "model.onnx"));
        SpecialFiles.Link(Path.Combine(dir, "zero.gguf"), "/dev/zero");
        SpecialFiles.Link(Path.Combine(dir, "random.safetensors"), "/dev/urandom");
        SpecialFiles.LinkLoop(Path.Combine(dir, "loop.pt"));
        using var socket = SpecialFiles.Socket(Path.Combine(dir, "socket.pt"));

        var result = CliRunner.RunWithin(Limit, dir, "scan", ".", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = Json(result);
        Assert.Contains("not a regular file (FIFO), not read", MessageFor(report, "TC3013", "model.onnx"));
        Assert.Contains("not a regular file (character device), not read", MessageFor(report, "TC3013", "zero.gguf"));
        Assert.Contains("not a regular file (character device), not read", MessageFor(report, "TC3013", "random.safetensors"));
        Assert.Contains("symbolic link loop, not read", MessageFor(report, "TC3013", "loop.pt"));
        Assert.Contains("not a regular file (socket), not read", MessageFor(report, "TC3013", "socket.pt"));
        // The special files are not models: one finding each, no lock or license noise; the real model is fully checked.
        var model = Assert.Single(report.GetProperty("models").EnumerateArray());
        Assert.Equal("relu.onnx", model.GetProperty("path").GetString());
        Assert.Equal("onnx", model.GetProperty("format").GetString());
        Assert.DoesNotContain(report.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("ruleId").GetString() != "TC3013" && f.GetProperty("subject").GetString() is "model.onnx" or "zero.gguf");
    }

    [Fact]
    public void Scan_of_a_fifo_given_by_name_reports_it_instead_of_blocking()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var dir = TestPaths.NewTempDirectory();
        SpecialFiles.Fifo(Path.Combine(dir, "weights.safetensors"));

        var result = CliRunner.RunWithin(Limit, dir, "scan", "weights.safetensors", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not a regular file (FIFO)", MessageFor(Json(result), "TC3013", "weights.safetensors"));
    }

    [Fact]
    public void Scan_with_a_fifo_signature_beside_the_model_reports_the_signature_as_unreadable()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var dir = TestPaths.NewTempDirectory();
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"), Path.Combine(dir, "relu.onnx"));
        SpecialFiles.Fifo(Path.Combine(dir, "relu.onnx.sig"));

        var result = CliRunner.RunWithin(Limit, dir, "scan", "relu.onnx", "--format", "json");

        var report = Json(result);
        Assert.Contains("FIFO", MessageFor(report, "TC3006", "relu.onnx"));
    }

    [Fact]
    public void Check_of_a_project_whose_models_folder_holds_special_files_finishes_with_them_named()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var models = Directory.CreateDirectory(Path.Combine(dir, "models")).FullName;
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"), Path.Combine(models, "relu.onnx"));
        SpecialFiles.Fifo(Path.Combine(models, "model.onnx"));
        SpecialFiles.Link(Path.Combine(models, "zero.gguf"), "/dev/zero");

        var result = CliRunner.RunWithin(Limit, dir, "check", ".", "--no-restore", "--format", "json");

        var report = Json(result);
        Assert.Contains("not a regular file (FIFO)", MessageFor(report, "TC3013", "model.onnx"));
        Assert.Contains("not a regular file (character device)", MessageFor(report, "TC3013", "zero.gguf"));
        Assert.Contains(report.GetProperty("models").EnumerateArray(), m => m.GetProperty("path").GetString() == "models/relu.onnx");
    }

    [Fact]
    public void Scan_reports_a_model_link_leading_outside_the_scanned_folder_and_still_checks_its_target()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // symbolic links need extra rights on Windows
        }

        var outside = TestPaths.NewTempDirectory();
        var target = Path.Combine(outside, "real.onnx");
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"), target);
        var dir = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "store"));
        File.Copy(target, Path.Combine(dir, "store", "relu.onnx"));
        SpecialFiles.Link(Path.Combine(dir, "outside.onnx"), target);
        SpecialFiles.Link(Path.Combine(dir, "inside.onnx"), Path.Combine("store", "relu.onnx"));

        var result = CliRunner.RunWithin(Limit, dir, "scan", ".", "--format", "json");

        var report = Json(result);
        var warning = Assert.Single(Findings(report, "TC3016"));
        Assert.Equal("warning", warning.GetProperty("severity").GetString());
        Assert.Contains($"outside.onnx: is a link to {target}, outside the scanned folder", warning.GetProperty("message").GetString());
        // Read all the same (it is a regular file), with the target's size and hash, not the link's.
        var model = report.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("path").GetString() == "outside.onnx");
        Assert.Equal(new FileInfo(target).Length, model.GetProperty("size").GetInt64());
        Assert.Equal("onnx", model.GetProperty("format").GetString());
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("zero")]
    [InlineData("directory")]
    public void Check_with_a_policy_that_is_not_a_regular_file_exits_2_with_one_line(string kind)
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var policy = Path.Combine(dir, "trustcheck.json");
        _ = kind switch
        {
            "fifo" => SpecialFiles.Fifo(policy),
            "zero" => SpecialFiles.Link(policy, "/dev/zero"),
            _ => Directory.CreateDirectory(policy).FullName,
        };

        var result = CliRunner.RunWithin(Limit, dir, "check", ".", "--no-restore", "--policy", policy);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not a regular file", result.Stderr + result.Stdout);
    }

    [Fact]
    public void Check_with_a_lock_file_that_is_a_fifo_reports_TC9002()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        SpecialFiles.Fifo(Path.Combine(dir, "trustcheck.lock.json"));

        var result = CliRunner.RunWithin(Limit, dir, "check", ".", "--no-restore");

        Assert.Contains("not a regular file (FIFO)", result.Stdout + result.Stderr);
        Assert.Contains("TC9002", result.Stdout + result.Stderr);
    }
}
