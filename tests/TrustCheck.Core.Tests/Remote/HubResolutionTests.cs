using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TrustCheck.Core.Tests.Models;
using TrustCheck.Rules;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Core.Tests.Remote;

/// <summary>
/// Online resolution of hf: references the local cache lacks, against a loopback hub serving the model API's real answer
/// shape. The workspace's stores are absent unless a test downloads into them (a CI machine that never fetched the weights).
/// </summary>
public class HubResolutionTests : IDisposable
{
    private const string Reference = "hf:Qwen/Qwen2.5-0.5B-Instruct";

    private static readonly Dictionary<string, byte[]> FilesV1 = new()
    {
        ["config.json"] = Text("{\"architectures\":[\"Qwen2ForCausalLM\"]}"),
        ["README.md"] = Text("---\nlicense: apache-2.0\n---\n# Qwen2.5-0.5B-Instruct\n"),
        ["model.safetensors"] = Safetensors(),
    };

    private readonly StoreWorkspace _workspace = new();
    private readonly LoopbackHub _hub;

    public HubResolutionTests()
    {
        _hub = new LoopbackHub(Repository(FilesV1, Commit('a')));
        _workspace.HubEndpoint = _hub.BaseUrl;
    }

    public void Dispose()
    {
        _hub.Dispose();
        _workspace.Dispose();
    }

    private static HubRepository Repository(IReadOnlyDictionary<string, byte[]> files, string commit, string? license = "apache-2.0", object? gated = null, string id = "Qwen/Qwen2.5-0.5B-Instruct") => new()
    {
        Id = id,
        Commit = commit,
        License = license,
        Gated = gated ?? false,
        Files = files,
    };

    [Fact]
    public void Lock_pins_a_reference_the_machine_never_downloaded()
    {
        var report = _workspace.Lock(Reference);

        var model = Assert.Single(report.Models);
        Assert.Equal((Reference, Commit('a')), (model.Provenance.Source, model.Provenance.Revision));
        Assert.Equal(("Apache-2.0", "model-card"), (model.License.Expression, model.License.Kind));
        Assert.Equal("safetensors", model.Format);
        var note = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Equal("info", note.Severity);
        Assert.Contains("resolved through " + _hub.BaseUrl, note.Message);
        Assert.Contains("did not run", note.Message);

        var entry = JsonNode.Parse(File.ReadAllText(_workspace.LockPath))!["references"]![0]!;
        Assert.Equal(Reference, entry["reference"]!.GetValue<string>());
        Assert.Equal(Commit('a'), entry["revision"]!.GetValue<string>());
        Assert.Equal(("Apache-2.0", "model-card"), (entry["license"]!.GetValue<string>(), entry["licenseKind"]!.GetValue<string>()));
        var files = entry["files"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>());
        Assert.Equal(LoopbackHub.Sha256(FilesV1["model.safetensors"]), files["model.safetensors"]!["sha256"]!.GetValue<string>());
        Assert.Null(files["config.json"]!["sha256"]);
        Assert.Equal(LoopbackHub.GitBlobSha1(FilesV1["config.json"]), files["config.json"]!["gitBlob"]!.GetValue<string>());
        Assert.Equal(["/api/models/Qwen/Qwen2.5-0.5B-Instruct/revision/main?blobs=true"], _hub.Requests);
    }

    [Fact]
    public void A_later_download_of_the_locked_commit_matches_the_lock()
    {
        _workspace.Lock(Reference);
        _workspace.HubEndpoint = null; // offline from here on
        _workspace.HuggingFace.Snapshot("Qwen", "Qwen2.5-0.5B-Instruct", Commit('a'), FilesV1);

        var report = _workspace.Scan(Reference);

        Assert.Empty(report.Rule(RuleIds.ModelHashMismatch));
        Assert.Empty(report.Rule(RuleIds.ModelStoreIntegrity));
        Assert.True(Assert.Single(report.Models).Provenance.Locked);
    }

    [Fact]
    public void A_download_with_a_different_small_file_is_TC3002_by_its_git_blob()
    {
        _workspace.Lock(Reference);
        _workspace.HubEndpoint = null;
        var changed = new Dictionary<string, byte[]>(FilesV1) { ["config.json"] = Text("{\"architectures\":[\"Other\"]}") };
        _workspace.HuggingFace.Snapshot("Qwen", "Qwen2.5-0.5B-Instruct", Commit('a'), changed);

        var finding = Assert.Single(_workspace.Scan(Reference).Rule(RuleIds.ModelHashMismatch));
        Assert.Contains("config.json has git blob", finding.Message);
    }

    [Fact]
    public void Windows_style_copies_are_compared_with_the_hub_pinned_lock_by_git_blob_too()
    {
        _workspace.Lock(Reference);
        _workspace.HubEndpoint = null;
        _workspace.HuggingFace.Snapshot("Qwen", "Qwen2.5-0.5B-Instruct", Commit('a'), FilesV1, copies: true);
        Assert.True(Assert.Single(_workspace.Scan(Reference).Models).Provenance.Locked);

        File.WriteAllText(Path.Combine(_workspace.HuggingFace.Repository("Qwen", "Qwen2.5-0.5B-Instruct"), "snapshots", Commit('a'), "config.json"), "{\"architectures\":[\"Qwen2ForCausalLx\"]}");
        var finding = Assert.Single(_workspace.Scan(Reference).Rule(RuleIds.ModelHashMismatch));
        Assert.Contains("config.json has git blob", finding.Message);
    }

    [Fact]
    public void A_branch_moved_on_the_hub_is_TC3002_naming_both_commits()
    {
        _workspace.Lock(Reference);
        var v2 = new Dictionary<string, byte[]>(FilesV1) { ["model.safetensors"] = [.. Safetensors().AsSpan(0, Safetensors().Length - 8), 1, 2, 3, 4, 5, 6, 7, 8] };
        _hub.Serve(Repository(v2, Commit('b')));
        _workspace.UseCaches = false; // the cached answer would still say commit a for 24 h

        var report = _workspace.Scan(Reference);

        var finding = Assert.Single(report.Rule(RuleIds.ModelHashMismatch));
        Assert.Contains(Commit('a'), finding.Message);
        Assert.Contains(Commit('b'), finding.Message);
        Assert.Contains("model.safetensors has SHA-256", finding.Message);
        Assert.False(report.Models[0].Provenance.Locked);
    }

    [Fact]
    public void Answers_are_cached_and_no_cache_asks_again()
    {
        _workspace.Scan(Reference);
        _workspace.Scan(Reference);
        Assert.Single(_hub.Requests);

        _workspace.UseCaches = false;
        _workspace.Scan(Reference);
        Assert.Equal(2, _hub.Requests.Count);
    }

    [Fact]
    public void Offline_asks_nothing()
    {
        _workspace.HubEndpoint = null;
        var finding = Assert.Single(_workspace.Scan(Reference).Findings);
        Assert.Equal((RuleIds.ModelMalformed, "warning"), (finding.RuleId, finding.Severity));
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void A_revision_in_the_reference_is_asked_for_as_one_escaped_segment()
    {
        _hub.Serve(new HubRepository { Id = "Qwen/Qwen2.5-0.5B-Instruct", Commit = Commit('c'), Revisions = ["refs/pr/1"], License = "apache-2.0", Files = FilesV1 });

        var model = Assert.Single(_workspace.Scan(Reference + "@refs/pr/1").Models);

        Assert.Equal(Commit('c'), model.Provenance.Revision);
        Assert.Equal(["/api/models/Qwen/Qwen2.5-0.5B-Instruct/revision/refs%2Fpr%2F1?blobs=true"], _hub.Requests);
    }

    [Fact]
    public void A_gated_model_under_a_restricted_card_license_gets_TC3005_and_says_it_is_gated()
    {
        _hub.Serve(Repository(FilesV1, Commit('d'), license: "llama3.1", gated: "manual", id: "meta-llama/Llama-3.1-8B-Instruct"));

        var report = _workspace.Scan("hf:meta-llama/Llama-3.1-8B-Instruct");

        var restricted = Assert.Single(report.Rule(RuleIds.ModelLicenseRestricted));
        Assert.Contains("hub:cardData.license", restricted.Message);
        Assert.Contains("gated (manual)", Assert.Single(report.Rule(RuleIds.ModelMalformed)).Message);
        Assert.Equal("manual", report.Models[0].Metadata!["hub.gated"]);
    }

    [Fact]
    public void License_other_defers_to_license_name()
    {
        _hub.Serve(new HubRepository { Id = "Qwen/Qwen2.5-0.5B-Instruct", Commit = Commit('e'), License = "other", LicenseName = "qwen-research", Files = FilesV1 });

        var model = Assert.Single(_workspace.Scan(Reference).Models);

        Assert.NotNull(model.License.Expression);
        Assert.Contains("qwen-research", model.License.Expression, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Not_found_is_a_warning_naming_the_404_without_TC2007()
    {
        var report = _workspace.Scan("hf:Qwen/does-not-exist");

        Assert.Empty(report.Rule(RuleIds.OnlineLookupUnavailable));
        var finding = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("HTTP 404", finding.Message);
        Assert.Empty(report.Models);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "HTTP 401")]
    [InlineData(HttpStatusCode.Forbidden, "HTTP 403")]
    [InlineData(HttpStatusCode.InternalServerError, "HTTP 500")]
    public void A_refused_or_failing_look_up_is_TC2007_and_falls_back_to_the_lock(HttpStatusCode status, string expected)
    {
        _workspace.Lock(Reference);
        _hub.FailWithStatus = status;
        _workspace.UseCaches = false;

        var report = _workspace.Scan(Reference);

        var unavailable = Assert.Single(report.Rule(RuleIds.OnlineLookupUnavailable));
        Assert.Equal("info", unavailable.Severity);
        Assert.Contains(expected, unavailable.Message);
        var fallback = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Equal("info", fallback.Severity);
        Assert.Contains("facts recorded in trustcheck.lock.json", fallback.Message);
        Assert.Equal(Commit('a'), Assert.Single(report.Models).Provenance.Revision);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void A_hub_that_does_not_answer_in_time_is_TC2007()
    {
        _hub.Delay = TimeSpan.FromSeconds(20);
        _workspace.OnlineTimeout = TimeSpan.FromSeconds(1);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = _workspace.Scan(Reference);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
        Assert.Contains("no answer in time", Assert.Single(report.Rule(RuleIds.OnlineLookupUnavailable)).Message);
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "not json", "not JSON" },
        { "[1,2]", "not a JSON object" },
        { "{\"id\":\"Qwen/Qwen2.5-0.5B-Instruct\"}", "no 40-hex commit" },
        { "bad-lfs-sha", "no 64-hex 'sha256'" },
        { "traversal-name", "no usable 'rfilename'" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public void A_malformed_answer_is_TC2007_naming_what_is_wrong(string body, string expected)
    {
        var answer = LoopbackHub.Answer(Repository(FilesV1, Commit('a')));
        _hub.Body = body switch
        {
            "bad-lfs-sha" => Mutated(answer, a => a["siblings"]!.AsArray().First(s => s!["lfs"] is not null)!["lfs"]!["sha256"] = "xyz"),
            "traversal-name" => Mutated(answer, a => a["siblings"]![0]!["rfilename"] = "../../etc/passwd"),
            _ => Encoding.UTF8.GetBytes(body),
        };

        var report = _workspace.Scan(Reference);

        Assert.Contains(expected, Assert.Single(report.Rule(RuleIds.OnlineLookupUnavailable)).Message);
        Assert.Empty(report.Models);
    }

    [Fact]
    public void A_huge_answer_is_refused_not_buffered()
    {
        _hub.Body = new byte[9 * 1024 * 1024];

        var report = _workspace.Scan(Reference);

        Assert.Contains("bytes", Assert.Single(report.Rule(RuleIds.OnlineLookupUnavailable)).Message);
        Assert.Empty(report.Models);
    }

    [Fact]
    public void An_endpoint_that_is_not_an_http_url_is_TC2007_and_nothing_is_asked()
    {
        _workspace.HubEndpoint = "file:///etc";

        var report = _workspace.Scan(Reference);

        Assert.Contains("HF_ENDPOINT", Assert.Single(report.Rule(RuleIds.OnlineLookupUnavailable)).Message);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void A_reference_in_the_local_cache_is_read_there_without_asking_the_hub()
    {
        _workspace.HuggingFace.Snapshot("Qwen", "Qwen2.5-0.5B-Instruct", Commit('a'), FilesV1);

        var model = Assert.Single(_workspace.Scan(Reference).Models);

        Assert.Equal(Commit('a'), model.Provenance.Revision);
        Assert.Empty(_hub.Requests);
    }

    private static byte[] Mutated(JsonObject answer, Action<JsonObject> change)
    {
        change(answer);
        return Encoding.UTF8.GetBytes(answer.ToJsonString());
    }
}
