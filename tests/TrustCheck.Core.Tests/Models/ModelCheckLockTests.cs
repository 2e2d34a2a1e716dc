using System.Text.Json;
using TrustCheck.Core.Provenance;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class ModelCheckLockTests
{
    private static TrustCheckLock ReadLock(ModelWorkspace ws) =>
        LockFileStore.Read(ws.LockPath).Lock ?? throw new Xunit.Sdk.XunitException("lock file missing or invalid");

    [Fact]
    public void Unlocked_model_is_TC3001()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "models/relu.onnx");

        var report = ws.Scan("models");

        var finding = Assert.Single(report.Rule(RuleIds.ModelNotLocked));
        Assert.Equal("warning", finding.Severity);
        Assert.Equal("models/relu.onnx", finding.Subject);
        Assert.False(report.Model("models/relu.onnx").Provenance.Locked);
    }

    [Fact]
    public void Lock_records_relative_paths_hashes_and_formats_then_the_model_is_clean()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "models/relu.onnx");
        ws.CopyFromCorpus("modelaudit/samples/safetensors/safe_model.safetensors", "models/hub/model.safetensors");
        ws.Write("models/hub/config.json", "{}");

        ws.Lock("models");
        var report = ws.Scan("models");

        var locked = ReadLock(ws);
        Assert.Equal(["models/hub/config.json", "models/hub/model.safetensors", "models/relu.onnx"], locked.Models.Select(m => m.Path));
        var relu = locked.Models.Single(m => m.Path == "models/relu.onnx");
        Assert.Equal("onnx", relu.Format);
        Assert.Equal(new FileInfo(ws.Path("models/relu.onnx")).Length, relu.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ws.Path("models/relu.onnx")))), relu.Sha256);
        Assert.Empty(report.Rule(RuleIds.ModelNotLocked));
        Assert.Empty(report.Rule(RuleIds.ModelHashMismatch));
        Assert.All(report.Models, m => Assert.True(m.Provenance.Locked));
    }

    [Fact]
    public void Changed_byte_is_TC3002_naming_both_hashes()
    {
        using var ws = new ModelWorkspace();
        var file = ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");
        ws.Lock("relu.onnx");
        var lockedHash = ReadLock(ws).Models.Single().Sha256;

        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var report = ws.Scan("relu.onnx");

        var finding = Assert.Single(report.Rule(RuleIds.ModelHashMismatch));
        Assert.Equal("error", finding.Severity);
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Contains(lockedHash, finding.Message);
        Assert.Contains(actual, finding.Message);
        Assert.Equal(lockedHash, finding.Data!["expected"]);
        Assert.Equal(actual, finding.Data!["actual"]);
    }

    [Fact]
    public void New_file_in_a_locked_folder_model_is_TC3001_naming_the_file()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("modelaudit/samples/safetensors/safe_model.safetensors", "hub/model.safetensors");
        ws.Write("hub/config.json", "{}");
        ws.Lock("hub");

        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "hub/extra.bin");
        var report = ws.Scan("hub");

        var finding = Assert.Single(report.Rule(RuleIds.ModelNotLocked));
        Assert.Equal("hub", finding.Subject);
        Assert.Equal("hub/extra.bin", finding.Location!.Path);
        Assert.Contains("new", finding.Message);
        Assert.False(report.Model("hub").Provenance.Locked);
    }

    [Fact]
    public void Lock_is_not_required_when_the_policy_says_so()
    {
        using var ws = new ModelWorkspace();
        ws.Policy.Models.RequireLock = false;
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");

        Assert.Empty(ws.Scan("relu.onnx").Rule(RuleIds.ModelNotLocked));
    }

    [Fact]
    public void Hub_resolve_main_source_is_TC3008()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf", "phi.gguf");
        ws.Lock("phi.gguf");
        ws.EditLock("phi.gguf", e => e["source"] = "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf");

        var report = ws.Scan("phi.gguf");

        var finding = Assert.Single(report.Rule(RuleIds.ModelSourceUnpinned));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("'main'", finding.Message);
        Assert.Equal("https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf", report.Model("phi.gguf").Provenance.Source);
    }

    [Fact]
    public void Source_pinned_by_commit_revision_is_not_TC3008()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf", "phi.gguf");
        ws.Lock("phi.gguf");
        ws.EditLock("phi.gguf", e =>
        {
            e["source"] = "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf";
            e["revision"] = "999f761fe19e26cf1a320fbd0bc8b82e3a3c5e05";
        });

        var report = ws.Scan("phi.gguf");

        Assert.Empty(report.Rule(RuleIds.ModelSourceUnpinned));
        Assert.Equal("999f761fe19e26cf1a320fbd0bc8b82e3a3c5e05", report.Model("phi.gguf").Provenance.Revision);
    }

    [Fact]
    public void Relocking_keeps_source_and_revision_and_takes_the_new_hash()
    {
        using var ws = new ModelWorkspace();
        var file = ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");
        ws.Lock("relu.onnx");
        ws.EditLock("relu.onnx", e =>
        {
            e["source"] = "https://example.org/models/relu.onnx";
            e["revision"] = "sha256:" + new string('a', 64);
        });
        File.AppendAllText(file, "x");

        ws.Lock("relu.onnx");

        var entry = Assert.Single(ReadLock(ws).Models);
        Assert.Equal("https://example.org/models/relu.onnx", entry.Source);
        Assert.Equal("sha256:" + new string('a', 64), entry.Revision);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), entry.Sha256);
    }

    [Fact]
    public void Lock_file_is_deterministic()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "b/relu.onnx");
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "a/list.pkl");

        ws.Lock("b", "a");
        var first = File.ReadAllText(ws.LockPath);
        ws.Lock("a", "b");

        Assert.Equal(first, File.ReadAllText(ws.LockPath));
        using var json = JsonDocument.Parse(first);
        Assert.Equal("a/list.pkl", json.RootElement.GetProperty("models")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void Lock_takes_the_commit_from_hugging_face_download_metadata()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("modelaudit/samples/safetensors/safe_model.safetensors", "hub/model.safetensors");
        ws.Write("hub/config.json", "{}");
        ws.Write("hub/.cache/huggingface/download/model.safetensors.metadata",
            "0e9e39f249a16976918f6564b8830bc894c89659\n\"5c1c3cbc1a5e0cd9c6b4fd8cfa1b5bbf\"\n1732540000.123\n");

        var report = ws.Lock("hub");

        Assert.Equal(["config.json", "model.safetensors"], report.Model("hub").Files);
        var entries = ReadLock(ws).Models;
        Assert.Equal("0e9e39f249a16976918f6564b8830bc894c89659", entries.Single(e => e.Path == "hub/model.safetensors").Revision);
        Assert.Null(entries.Single(e => e.Path == "hub/config.json").Revision);
    }
}
