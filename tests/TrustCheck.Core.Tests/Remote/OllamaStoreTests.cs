using TrustCheck.Core.Tests.Models;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Remote.OllamaStoreFixture;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Core.Tests.Remote;

public class OllamaStoreTests : IDisposable
{
    private readonly StoreWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private OllamaStoreFixture Store => _workspace.Ollama;

    /// <summary>llama3.1:8b as `ollama pull` leaves it: model, license + use policy, template, params.</summary>
    private string PullLlama31(string tag = "8b", string name = "Llama 3.1 8B Instruct") => Store.Library("llama3.1", tag,
        (ModelType, Gguf(name)),
        (LicenseType, Corpus("realworld/model-licenses/llama3.1.txt")),
        (LicenseType, Corpus("realworld/model-licenses/llama3.1-use-policy.txt")),
        (TemplateType, Text("{{ if .System }}<|start_header_id|>system<|end_header_id|>{{ .System }}{{ end }}")),
        (ParamsType, Text("{\"stop\":[\"<|eot_id|>\"]}")));

    [Fact]
    public void A_pulled_model_is_one_entry_named_by_its_reference_and_pinned_to_its_manifest_digest()
    {
        var manifest = PullLlama31();
        var report = _workspace.Scan("ollama:llama3.1:8b");

        var model = Assert.Single(report.Models);
        Assert.Equal(_workspace.Shown(manifest), model.Path);
        Assert.Equal("ollama:llama3.1:8b", model.Provenance.Source);
        Assert.Equal(ManifestDigest(manifest), model.Provenance.Revision);
        Assert.Equal(ManifestDigest(manifest)["sha256:".Length..], model.Sha256);
        Assert.Equal("gguf", model.Format);
        Assert.Equal("Llama 3.1 8B Instruct", model.Metadata["general.name"]);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == RuleIds.ModelStoreIntegrity);
    }

    [Fact]
    public void License_comes_from_the_license_layers_text_with_the_use_policy_named()
    {
        PullLlama31();
        var report = _workspace.Scan("ollama:llama3.1:8b");

        var license = Assert.Single(report.Models).License;
        Assert.Equal("LicenseRef-llama3.1", license.Expression);
        Assert.Equal("text", license.Kind);
        Assert.Contains("use-policy llama3.1", license.Source);
        var restricted = Assert.Single(report.Rule(RuleIds.ModelLicenseRestricted));
        Assert.Equal("ollama:llama3.1:8b", restricted.Subject);
        Assert.Contains("acceptable-use-policy", restricted.Message);
    }

    [Fact]
    public void Text_wins_over_gguf_metadata_that_names_another_license()
    {
        Store.Library("llama3.1", "8b", (ModelType, Gguf("x", license: "apache-2.0")), (LicenseType, Corpus("realworld/model-licenses/llama3.1.txt")));
        Assert.Equal("LicenseRef-llama3.1", Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Models).License.Expression);
    }

    [Fact]
    public void Without_a_license_layer_gguf_metadata_then_the_family_decide_and_the_report_says_which()
    {
        Store.Model("hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M", (ModelType, Gguf("Llama 3.2 1B Instruct", license: "llama3.2")));
        Store.Library("gemma2", "2b", (ModelType, Gguf("gemma-2-2b-it")));

        var report = _workspace.Scan("ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "ollama:gemma2:2b");

        var hf = report.Models.Single(m => m.Provenance.Source == "ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M");
        Assert.Equal(("LicenseRef-llama3.2", "metadata"), (hf.License.Expression, hf.License.Kind));
        var gemma = report.Models.Single(m => m.Provenance.Source == "ollama:gemma2:2b");
        Assert.Equal(("LicenseRef-gemma", "family"), (gemma.License.Expression, gemma.License.Kind));
        Assert.Equal("family:gemma2", gemma.License.Source);
    }

    [Fact]
    public void Several_tags_are_separate_models_and_a_bare_prefix_lists_the_whole_store()
    {
        PullLlama31("8b");
        PullLlama31("70b", "Llama 3.1 70B Instruct");
        Store.Model("hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M", (ModelType, Gguf("Llama 3.2 1B")));

        var report = _workspace.Scan("ollama:");

        Assert.Equal(
            ["ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "ollama:llama3.1:70b", "ollama:llama3.1:8b"],
            report.Models.Select(m => m.Provenance.Source!).Order(StringComparer.Ordinal));
        Assert.NotEqual(report.Models[1].Provenance.Revision, report.Models[2].Provenance.Revision);
    }

    [Fact]
    public void A_projector_layer_is_a_model_file_too()
    {
        Store.Library("llava", "7b", (ModelType, Gguf("llava")), (ProjectorType, Gguf("clip projector")));
        var report = _workspace.Scan("ollama:llava:7b");
        var model = Assert.Single(report.Models);
        Assert.Equal(Gguf("llava").Length + Gguf("clip projector").Length, model.Size);
    }

    [Fact]
    public void A_missing_blob_is_an_integrity_error_naming_the_reference_and_the_fix()
    {
        PullLlama31();
        File.Delete(Store.BlobPath(Sha(Corpus("realworld/model-licenses/llama3.1-use-policy.txt"))));

        var finding = Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Equal("error", finding.Severity);
        Assert.Equal("ollama:llama3.1:8b", finding.Subject);
        Assert.Contains("missing from the store", finding.Message);
        Assert.Contains("ollama pull llama3.1:8b", finding.Message);
    }

    [Fact]
    public void A_tampered_model_blob_is_an_integrity_error()
    {
        PullLlama31();
        var blob = Store.BlobPath(Sha(Gguf("Llama 3.1 8B Instruct")));
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        var finding = Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Rule(RuleIds.ModelStoreIntegrity));
        Assert.Contains("changed or corrupted", finding.Message);
        Assert.Equal(_workspace.Shown(blob), finding.Location!.Path);
    }

    [Fact]
    public void A_tampered_license_layer_is_an_integrity_error_and_its_text_is_not_trusted()
    {
        Store.Library("llama3.1", "8b", (ModelType, Gguf("x")), (LicenseType, Corpus("realworld/model-licenses/llama3.1.txt")));
        File.WriteAllText(Store.BlobPath(Sha(Corpus("realworld/model-licenses/llama3.1.txt"))), "MIT License");

        var report = _workspace.Scan("ollama:llama3.1:8b");
        Assert.Single(report.Rule(RuleIds.ModelStoreIntegrity));
        Assert.Equal("family", Assert.Single(report.Models).License.Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":1,\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2}")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"sha256:../../../../etc/passwd\"}]}")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"md5:abc\"}]}")]
    public void A_bad_manifest_is_an_integrity_error_and_nothing_it_names_is_opened(string manifest)
    {
        Store.WriteManifest("registry.ollama.ai", "library", "broken", "latest", Text(manifest));

        var report = _workspace.Scan("ollama:broken");
        var finding = Assert.Single(report.Rule(RuleIds.ModelStoreIntegrity));
        Assert.Equal("ollama:broken:latest", finding.Subject);
        Assert.Contains("not a valid Ollama manifest", finding.Message);
        Assert.Empty(report.Models);
    }

    [Theory]
    [InlineData("ollama:../../../etc/passwd")]
    [InlineData("ollama:library/..:x")]
    [InlineData("ollama:%2e%2e%2fetc:x")]
    public void A_traversal_reference_is_an_error_finding_and_reads_nothing(string reference)
    {
        var report = _workspace.Scan(reference);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((RuleIds.ModelMalformed, "error"), (finding.RuleId, finding.Severity));
        Assert.Contains("not a valid model reference", finding.Message);
        Assert.Empty(report.Models);
    }

    [Fact]
    public void A_second_scan_of_unchanged_blobs_reads_them_from_the_hash_cache()
    {
        PullLlama31();
        _workspace.Scan("ollama:llama3.1:8b");
        var cache = File.ReadAllText(Path.Combine(_workspace.Root, "obj", "hashes.tsv"));
        Assert.Contains(Store.BlobPath(Sha(Gguf("Llama 3.1 8B Instruct"))), cache);
        Assert.Contains(Store.BlobPath(Sha(Corpus("realworld/model-licenses/llama3.1.txt"))), cache);
    }

    [Fact]
    public void A_license_layer_is_identified_once_and_the_answer_kept_with_its_hash()
    {
        var manifest = PullLlama31();
        var cachePath = Path.Combine(_workspace.Root, "obj", "hashes.tsv");
        var licenseBlob = Store.BlobPath(Sha(Corpus("realworld/model-licenses/llama3.1.txt")));
        _workspace.Scan("ollama:llama3.1:8b");
        var fact = File.ReadAllLines(cachePath).Single(l => l.EndsWith(":" + licenseBlob, StringComparison.Ordinal) && l.Contains("\tfact/license-text/", StringComparison.Ordinal));
        Assert.StartsWith("llama3.1|license\t", fact);

        // The next scan takes the kept answer instead of reading the text: a planted answer shows it was used …
        File.WriteAllLines(cachePath, File.ReadAllLines(cachePath).Select(l => l == fact ? "gemma|license" + l[l.IndexOf('\t')..] : l));
        Assert.Equal("LicenseRef-gemma", Assert.Single(_workspace.Scan("ollama:llama3.1:8b").Models).License.Expression);

        // … and the manifest's digest is kept the same way: a warm scan hashes nothing.
        Assert.Contains(File.ReadAllLines(cachePath), l => l.StartsWith(ManifestDigest(manifest)["sha256:".Length..] + "\t", StringComparison.Ordinal) && l.EndsWith("\t" + manifest, StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_can_point_at_stores_elsewhere_relative_to_the_policy_file()
    {
        PullLlama31();
        _workspace.HuggingFace.Snapshot("org", "tiny", Commit('f'), new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() });
        var policyPath = Path.Combine(_workspace.Root, "trustcheck.json");
        var loaded = TrustCheck.Core.Policy.PolicyLoader.Parse(Text("{ \"models\": { \"ollamaStore\": \"ollama/models\", \"huggingFaceCache\": \"hf/hub\" } }"), policyPath);
        Assert.Empty(loaded.Problems);
        _workspace.Policy = loaded.Policy;
        _workspace.StoresPresent = false;

        var report = _workspace.Scan("ollama:llama3.1:8b", "hf:org/tiny");
        Assert.Equal(["hf:org/tiny", "ollama:llama3.1:8b"], report.Models.Select(m => m.Provenance.Source!).Order(StringComparer.Ordinal));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
