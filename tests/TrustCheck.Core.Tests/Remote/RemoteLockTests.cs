using TrustCheck.Core.Tests.Models;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Remote.OllamaStoreFixture;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Core.Tests.Remote;

public class RemoteLockTests : IDisposable
{
    private readonly StoreWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private void Pull(string name) => _workspace.Ollama.Library("llama3.1", "8b",
        (ModelType, Gguf(name)), (LicenseType, Corpus("realworld/model-licenses/llama3.1.txt")));

    [Fact]
    public void Lock_records_the_reference_digest_file_hashes_and_license()
    {
        Pull("v1");
        _workspace.Lock("ollama:llama3.1:8b");

        var text = File.ReadAllText(_workspace.LockPath);
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var entry = root["references"]![0]!;
        Assert.Equal("ollama:llama3.1:8b", entry["reference"]!.GetValue<string>());
        Assert.StartsWith("sha256:", entry["revision"]!.GetValue<string>());
        Assert.Equal("LicenseRef-llama3.1", entry["license"]!.GetValue<string>());
        Assert.Equal("text", entry["licenseKind"]!.GetValue<string>());
        Assert.StartsWith("model:sha256:", Assert.Single(entry["files"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Empty(root["models"]!.AsArray());
    }

    [Fact]
    public void Unlocked_reference_is_TC3001_and_a_locked_one_is_clean()
    {
        Pull("v1");
        Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Rule(RuleIds.ModelNotLocked));
        _workspace.Lock("ollama:llama3.1:8b");
        var report = _workspace.Scan("ollama:llama3.1:8b");
        Assert.Empty(report.Rule(RuleIds.ModelNotLocked));
        Assert.Empty(report.Rule(RuleIds.ModelHashMismatch));
        Assert.True(Assert.Single(report.Models).Provenance.Locked);
    }

    [Fact]
    public void A_re_pulled_model_is_TC3002_naming_both_digests()
    {
        Pull("v1");
        _workspace.Lock("ollama:llama3.1:8b");
        var locked = _workspace.Scan("ollama:llama3.1:8b").Models[0].Provenance.Revision!;
        Pull("v2");

        var report = _workspace.Scan("ollama:llama3.1:8b");
        var finding = Assert.Single(report.Rule(RuleIds.ModelHashMismatch));
        Assert.Equal("ollama:llama3.1:8b", finding.Subject);
        Assert.Contains(locked, finding.Message);
        Assert.Contains(report.Models[0].Provenance.Revision!, finding.Message);
        Assert.False(report.Models[0].Provenance.Locked);
    }

    [Fact]
    public void A_changed_file_in_a_hugging_face_snapshot_is_TC3002()
    {
        var files = new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() };
        _workspace.HuggingFace.Snapshot("org", "m", Commit('c'), files, copies: true);
        _workspace.Lock("hf:org/m");
        File.WriteAllText(Path.Combine(_workspace.HuggingFace.Repository("org", "m"), "snapshots", Commit('c'), "config.json"), "{\"x\":1}");

        var finding = Assert.Single(_workspace.Scan("hf:org/m").Rule(RuleIds.ModelHashMismatch));
        Assert.Contains("config.json has SHA-256", finding.Message);
    }

    [Fact]
    public void A_machine_without_the_store_uses_the_lock_facts_with_an_info_note()
    {
        Pull("v1");
        _workspace.Lock("ollama:llama3.1:8b");
        var revision = _workspace.Scan("ollama:llama3.1:8b").Models[0].Provenance.Revision;
        _workspace.StoresPresent = false;

        var report = _workspace.Scan("ollama:llama3.1:8b");
        var note = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Equal("info", note.Severity);
        Assert.Contains("facts recorded in trustcheck.lock.json", note.Message);
        var model = Assert.Single(report.Models);
        Assert.Equal(("LicenseRef-llama3.1", "text"), (model.License.Expression, model.License.Kind));
        Assert.Equal(revision, model.Provenance.Revision);
        Assert.False(report.HasErrors);

        // Re-locking there keeps the entry instead of dropping it.
        _workspace.Lock("ollama:llama3.1:8b");
        Assert.Contains(revision!, File.ReadAllText(_workspace.LockPath));
    }

    [Fact]
    public void A_machine_without_the_store_and_without_a_lock_entry_gets_a_warning()
    {
        _workspace.StoresPresent = false;
        var finding = Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Findings);
        Assert.Equal((RuleIds.ModelMalformed, "warning"), (finding.RuleId, finding.Severity));
        Assert.Contains("ollama pull llama3.1:8b", finding.Message);
    }
}
