using TrustCheck.Core;
using TrustCheck.Core.Tests.Remote;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Remote.OllamaStoreFixture;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Build.Tests;

/// <summary>
/// A consumer project that declares remote models (TrustCheckModelReference) and builds with OLLAMA_MODELS / HF_HUB_CACHE
/// pointing at fixture stores: integrity and license findings in `dotnet build`, lock then a re-pulled model (TC3002), and a
/// machine without the stores building from the lock.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class RemoteModelBuildTests
{
    private readonly EndToEndFixture _fixture;

    public RemoteModelBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Declared_store_models_are_checked_locked_and_compared_in_the_build()
    {
        var project = new ConsumerProject(_fixture.Feed, "remote")
            .WithItem("<TrustCheckModelReference Include=\"ollama:llama3.1:8b\" />")
            .WithItem("<TrustCheckModelReference Include=\"hf:org/tiny\" />")
            .Create();
        var stores = Path.Combine(project.Directory, "..", Path.GetFileName(project.Directory) + "-stores");
        var ollama = new OllamaStoreFixture(Path.Combine(stores, "ollama"));
        var hf = new HuggingFaceCacheFixture(Path.Combine(stores, "hf"));
        var environment = new Dictionary<string, string> { ["OLLAMA_MODELS"] = ollama.Root, ["HF_HUB_CACHE"] = hf.Root };
        void Pull(string name) => ollama.Library("llama3.1", "8b", (ModelType, Gguf(name)), (LicenseType, Corpus("realworld/model-licenses/llama3.1.txt")));
        Pull("v1");
        hf.Snapshot("org", "tiny", Commit('e'), new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() });
        var blob = hf.BlobOf("org", "tiny", Safetensors());
        File.WriteAllBytes(blob, [.. Safetensors()[..^1], 0x55]);

        // 1. Integrity and license findings, named by reference and pointing at the declaring item.
        var first = await project.BuildAsync(environment);
        var diagnostics = BuildDiagnostic.Parse(first.Output);
        Assert.True(first.ExitCode != 0, first.ToString());
        var integrity = Assert.Single(diagnostics, d => d.Code == RuleIds.ModelStoreIntegrity);
        Assert.Contains("hf:org/tiny", integrity.Message);
        Assert.EndsWith(ConsumerProject.ProjectFileName, integrity.File);
        Assert.Contains(diagnostics, d => d.Code == RuleIds.ModelLicenseRestricted && d.Message.Contains("ollama:llama3.1:8b") && d.Message.Contains("LicenseRef-llama3.1"));
        var model = project.ReadReport().Models.Single(m => m.Provenance.Source == "ollama:llama3.1:8b");
        Assert.Equal("text", model.License.Kind);

        // 2. Repaired cache, then lock (what `trustcheck lock` does) and a re-pulled model: TC3002.
        File.WriteAllBytes(blob, Safetensors());
        var options = new CheckOptions
        {
            ProjectPath = project.ProjectPath,
            Environment = name => environment.GetValueOrDefault(name),
            WorkingDirectory = project.Directory,
            HashCachePath = Path.Combine(stores, "lock-hashes.tsv"),
        };
        options.ModelReferences.AddRange(Core.Remote.DeclaredReferences.Read(project.ProjectPath));
        TrustCheckEngine.Lock(options);
        Assert.Contains("\"reference\": \"ollama:llama3.1:8b\"", File.ReadAllText(project.PathOf("trustcheck.lock.json")));
        Pull("v2");
        var second = await project.BuildAsync(environment, "--no-restore");
        Assert.True(second.ExitCode != 0, second.ToString());
        var changed = Assert.Single(BuildDiagnostic.Parse(second.Output), d => d.Severity == "error");
        Assert.Equal(RuleIds.ModelHashMismatch, changed.Code);
        Assert.Contains("ollama:llama3.1:8b", changed.Message);

        // 3. A machine without the stores (CI): the lock's facts stand in, the license decision still holds, no error.
        var ci = new Dictionary<string, string> { ["OLLAMA_MODELS"] = Path.Combine(stores, "none"), ["HF_HUB_CACHE"] = Path.Combine(stores, "none") };
        var third = await project.BuildAsync(ci, "--no-restore");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains(BuildDiagnostic.Parse(third.Output), d => d.Code == RuleIds.ModelLicenseRestricted && d.Message.Contains("ollama:llama3.1:8b"));
        Assert.Contains(project.ReadReport().Findings, f => f.RuleId == RuleIds.ModelMalformed && f.Severity == "info" && f.Subject == "hf:org/tiny");
        Directory.Delete(stores, recursive: true);
    }

    [Fact]
    public async Task TrustCheckOffline_false_resolves_an_hf_reference_the_cache_lacks_through_the_hub()
    {
        using var hub = new LoopbackHub(new HubRepository
        {
            Id = "meta-llama/Llama-3.1-8B-Instruct",
            Commit = Commit('f'),
            License = "llama3.1",
            Gated = "manual",
            Files = new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() },
        });
        var project = new ConsumerProject(_fixture.Feed, "remote-online")
            .WithProperty("TrustCheckOffline", "false")
            .WithItem("<TrustCheckModelReference Include=\"hf:meta-llama/Llama-3.1-8B-Instruct\" />")
            .Create();
        var environment = new Dictionary<string, string>
        {
            ["HF_HUB_CACHE"] = project.PathOf("no-hf-cache"),
            ["OLLAMA_MODELS"] = project.PathOf("no-ollama-store"),
            ["HF_ENDPOINT"] = hub.BaseUrl,
            ["TRUSTCHECK_CACHE_DIR"] = project.PathOf("trustcheck-cache"),
        };

        var build = await project.BuildAsync(environment);

        Assert.True(build.ExitCode == 0, build.ToString());
        var restricted = Assert.Single(BuildDiagnostic.Parse(build.Output), d => d.Code == RuleIds.ModelLicenseRestricted);
        Assert.Contains("hf:meta-llama/Llama-3.1-8B-Instruct", restricted.Message);
        Assert.Contains("hub:cardData.license", restricted.Message);
        Assert.EndsWith(ConsumerProject.ProjectFileName, restricted.File);
        var model = Assert.Single(project.ReadReport().Models);
        Assert.Equal((Commit('f'), "model-card", "manual"), (model.Provenance.Revision, model.License.Kind, model.Metadata!["hub.gated"]));
        Assert.Single(hub.Requests);
    }
}
