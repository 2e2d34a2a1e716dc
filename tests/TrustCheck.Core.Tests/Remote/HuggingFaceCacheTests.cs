using TrustCheck.Core.Tests.Models;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Core.Tests.Remote;

public class HuggingFaceCacheTests : IDisposable
{
    private readonly StoreWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private HuggingFaceCacheFixture Cache => _workspace.HuggingFace;

    private static readonly string Card = "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-0.5B\n---\n# Qwen2.5-0.5B-Instruct\n";

    private string Download(bool copies = false, string commit = "", Dictionary<string, byte[]>? extra = null)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["config.json"] = Text("{\"architectures\":[\"Qwen2ForCausalLM\"]}"),
            ["README.md"] = Text(Card),
            ["model.safetensors"] = Safetensors(),
        };
        foreach (var (name, bytes) in extra ?? [])
        {
            files[name] = bytes;
        }

        return Cache.Snapshot("Qwen", "Qwen2.5-0.5B-Instruct", commit.Length == 0 ? Commit('a') : commit, files, copies: copies);
    }

    [Fact]
    public void A_cached_model_resolves_its_revision_to_the_commit_and_reads_the_snapshot_as_a_model_folder()
    {
        var snapshot = Download();
        var report = _workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct");

        var model = Assert.Single(report.Models);
        Assert.Equal(_workspace.Shown(snapshot), model.Path);
        Assert.Equal("hf:Qwen/Qwen2.5-0.5B-Instruct", model.Provenance.Source);
        Assert.Equal(Commit('a'), model.Provenance.Revision);
        Assert.Equal("safetensors", model.Format);
        Assert.Equal(["README.md", "config.json", "model.safetensors"], model.Files);
        Assert.Equal(("Apache-2.0", "model-card"), (model.License.Expression, model.License.Kind));
        Assert.DoesNotContain(report.Findings, f => f.RuleId == RuleIds.ModelStoreIntegrity);
    }

    [Fact]
    public void A_license_file_in_the_snapshot_is_read_first()
    {
        Download(extra: new() { ["LICENSE"] = Corpus("realworld/model-licenses/qwen.txt") });
        var license = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Models).License;
        Assert.Equal(("LicenseRef-tongyi-qianwen", "text"), (license.Expression, license.Kind));
        Assert.StartsWith("text:LICENSE", license.Source);
    }

    [Fact]
    public void Windows_style_copies_instead_of_symlinks_are_read_the_same()
    {
        Download(copies: true);
        var model = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Models);
        Assert.Equal(Commit('a'), model.Provenance.Revision);
        Assert.Equal("safetensors", model.Format);
    }

    [Fact]
    public void A_commit_revision_needs_no_ref_and_a_missing_revision_is_reported_as_not_in_the_cache()
    {
        Download();
        Assert.Single(_workspace.Scan($"hf:Qwen/Qwen2.5-0.5B-Instruct@{Commit('a')}").Models);

        var report = _workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct@v2");
        var finding = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Contains("not in this machine's Hugging Face cache", finding.Message);
        Assert.Contains("--revision v2", finding.Message);
    }

    [Fact]
    public void A_tampered_lfs_blob_is_an_integrity_error()
    {
        Download();
        var blob = Cache.BlobOf("Qwen", "Qwen2.5-0.5B-Instruct", Safetensors());
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] = 0x7F;
        File.WriteAllBytes(blob, bytes);

        var finding = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Equal("hf:Qwen/Qwen2.5-0.5B-Instruct", finding.Subject);
        Assert.Contains("model.safetensors", finding.Message);
        Assert.Contains("models--Qwen--Qwen2.5-0.5B-Instruct", finding.Message);
    }

    [Fact]
    public void A_tampered_small_file_blob_is_an_integrity_error_by_its_git_blob_sha1()
    {
        Download();
        var blob = Cache.GitBlobOf("Qwen", "Qwen2.5-0.5B-Instruct", Text(Card));
        File.WriteAllText(blob, Card.Replace("apache-2.0", "mit", StringComparison.Ordinal));

        var finding = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Contains("README.md", finding.Message);
        Assert.Contains("git blob SHA-1", finding.Message);
    }

    [Fact]
    public void Untouched_small_file_blobs_pass_and_their_git_blob_is_locked()
    {
        Download();
        var report = _workspace.Lock("hf:Qwen/Qwen2.5-0.5B-Instruct");

        Assert.Empty(report.Rule(RuleIds.ModelStoreIntegrity));
        var files = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_workspace.LockPath))!["references"]![0]!["files"]!.AsArray();
        var config = files.Single(f => f!["name"]!.GetValue<string>() == "config.json")!;
        Assert.Equal(Path.GetFileName(Cache.GitBlobOf("Qwen", "Qwen2.5-0.5B-Instruct", Text("{\"architectures\":[\"Qwen2ForCausalLM\"]}"))), config["gitBlob"]!.GetValue<string>());
        Assert.NotNull(config["sha256"]);
    }

    [Fact]
    public void A_snapshot_link_pointing_outside_the_repository_blobs_is_reported_and_not_followed()
    {
        var snapshot = Download();
        var secret = Path.Combine(_workspace.Root, "secret.gguf");
        File.WriteAllBytes(secret, Gguf("outside", license: "mit"));
        File.CreateSymbolicLink(Path.Combine(snapshot, "escape.gguf"), "../../../../../secret.gguf");

        var report = _workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct");
        var finding = Assert.Single(report.Rule(RuleIds.ModelStoreIntegrity));
        Assert.Contains("outside this repository's blobs/", finding.Message);
        Assert.DoesNotContain("escape.gguf", Assert.Single(report.Models).Files!);
        Assert.DoesNotContain(report.Models[0].Metadata.Keys, k => k.StartsWith("escape.gguf", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dangling_link_to_a_missing_blob_is_an_integrity_error()
    {
        Download();
        File.Delete(Cache.BlobOf("Qwen", "Qwen2.5-0.5B-Instruct", Safetensors()));
        var finding = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Contains("missing from the cache", finding.Message);
    }

    [Fact]
    public void A_malicious_pickle_in_the_cache_gets_the_same_content_finding_named_by_the_reference()
    {
        Download(extra: new() { ["pytorch_model.bin"] = OsSystemPickle() });
        var finding = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelUnsafePickle));
        Assert.Equal("hf:Qwen/Qwen2.5-0.5B-Instruct", finding.Subject);
        Assert.Contains("os.system", finding.Message);
    }

    [Fact]
    public void A_ref_that_holds_no_commit_is_an_integrity_error()
    {
        Download();
        File.WriteAllText(Path.Combine(Cache.Repository("Qwen", "Qwen2.5-0.5B-Instruct"), "refs", "main"), "../../../../etc");
        var finding = Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Contains("does not hold a 40-hex commit", finding.Message);
    }

    [Fact]
    public void A_bare_prefix_lists_every_cached_repository()
    {
        Download();
        Cache.Snapshot("google", "gemma-2-2b", Commit('b'), new Dictionary<string, byte[]> { ["model.safetensors"] = Safetensors(), ["config.json"] = Text("{}") });
        var report = _workspace.Scan("hf:");
        Assert.Equal(["hf:Qwen/Qwen2.5-0.5B-Instruct", "hf:google/gemma-2-2b"], report.Models.Select(m => m.Provenance.Source!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_blob_changed_behind_its_link_is_noticed_through_the_hash_cache()
    {
        Download();
        Assert.DoesNotContain(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Findings, f => f.RuleId == RuleIds.ModelStoreIntegrity);
        var blob = Cache.BlobOf("Qwen", "Qwen2.5-0.5B-Instruct", Safetensors());
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] = 0x7F;
        File.WriteAllBytes(blob, bytes);
        File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddMinutes(1));

        Assert.Single(_workspace.Scan("hf:Qwen/Qwen2.5-0.5B-Instruct").Rule(RuleIds.ModelStoreIntegrity));
    }
}
