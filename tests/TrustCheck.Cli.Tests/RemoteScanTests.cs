using System.Text.Json;
using TrustCheck.Core.Tests.Remote;
using TrustCheck.Tests;
using static TrustCheck.Core.Tests.Remote.OllamaStoreFixture;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck scan` with model references, in its own process with OLLAMA_MODELS / HF_HUB_CACHE pointing at fixture stores.</summary>
public class RemoteScanTests
{
    private readonly string _root = TestPaths.NewTempDirectory("trustcheck-remote-cli");

    private Dictionary<string, string> Environment() => new()
    {
        ["OLLAMA_MODELS"] = Path.Combine(_root, "ollama"),
        ["HF_HUB_CACHE"] = Path.Combine(_root, "hf"),
        ["TRUSTCHECK_CACHE_DIR"] = Path.Combine(_root, "cache"),
    };

    private CliResult Scan(params string[] arguments) => CliRunner.Run(_root, Environment(), ["scan", .. arguments]);

    [Fact]
    public void References_are_scanned_beside_paths_and_named_in_the_json_report()
    {
        var ollama = new OllamaStoreFixture(Path.Combine(_root, "ollama"));
        ollama.Library("llama3.2", "1b", (ModelType, Gguf("Llama 3.2 1B")), (LicenseType, Corpus("realworld/model-licenses/llama3.2.txt")));
        new HuggingFaceCacheFixture(Path.Combine(_root, "hf")).Snapshot("org", "tiny", Commit('d'),
            new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() });
        File.WriteAllBytes(Path.Combine(_root, "local.gguf"), Gguf("local", license: "mit"));

        var result = Scan("ollama:llama3.2:1b", "hf:org/tiny", "local.gguf", "--format", "json");

        Assert.True(result.ExitCode == CliApp.ExitOk, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var sources = json.RootElement.GetProperty("models").EnumerateArray()
            .Select(m => m.GetProperty("provenance").TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : m.GetProperty("path").GetString())
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["hf:org/tiny", "local.gguf", "ollama:llama3.2:1b"], sources);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("ruleId").GetString() == "TC3005" && f.GetProperty("subject").GetString() == "ollama:llama3.2:1b");
        Assert.True(File.Exists(Path.Combine(_root, "cache", "store-hashes.tsv")), "the store hash cache was not written");
    }

    [Theory]
    [InlineData("ollama:../../etc/passwd")]
    [InlineData("hf:org/name@../../x")]
    [InlineData("hf:C:/Windows")]
    public void An_invalid_reference_is_a_usage_error_with_one_line(string reference)
    {
        var result = Scan(reference);
        Assert.Equal(CliApp.ExitUsage, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("not a valid model reference", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_tampered_blob_fails_the_scan_with_TC3017()
    {
        var ollama = new OllamaStoreFixture(Path.Combine(_root, "ollama"));
        var bytes = Gguf("x");
        ollama.Library("tiny", "latest", (ModelType, bytes));
        var blob = ollama.BlobPath(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        File.AppendAllText(blob, "tampered");

        var result = Scan("ollama:tiny");
        Assert.Equal(CliApp.ExitFindings, result.ExitCode);
        Assert.Contains("TC3017", result.Stdout);
        Assert.Contains("ollama:tiny:latest", result.Stdout);
    }
}
