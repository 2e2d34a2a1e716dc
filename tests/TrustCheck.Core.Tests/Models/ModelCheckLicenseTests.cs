using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>License and openness of Hugging Face–style folders built here (card + real corpus weights).</summary>
public class ModelCheckLicenseTests
{
    private const string LlamaCard = """
        ---
        license: llama3.1
        language: [en]
        tags:
          - facebook
          - llama
        ---
        # Llama 3.1 8B

        Our most capable open source model to date.
        """;

    /// <summary>Card + config + real weights. The default weights (an ONNX file) carry no license of their own.</summary>
    private static ModelWorkspace FolderWithCard(string card, string folder = "hub/model", string weights = "onnx/light_squeezenet.onnx")
    {
        var ws = new ModelWorkspace();
        ws.CopyFromCorpus(weights, $"{folder}/{Path.GetFileName(weights)}");
        ws.Write($"{folder}/config.json", """{ "architectures": ["LlamaForCausalLM"] }""");
        ws.Write($"{folder}/README.md", card);
        return ws;
    }

    [Fact]
    public void Llama_card_license_is_restricted_use_open_weights_with_openwashing_called_out()
    {
        using var ws = FolderWithCard(LlamaCard);

        var report = ws.Scan("hub");

        var model = report.Model("hub/model");
        Assert.Equal("metadata", model.License.Kind);
        Assert.Equal("model-card:license", model.License.Source);
        Assert.StartsWith("LicenseRef-", model.License.Expression);
        Assert.Equal("open-weights", model.Openness.Class);
        Assert.False(model.Openness.Osaid);
        Assert.Contains("acceptable-use-policy", model.Openness.Restrictions);
        Assert.NotNull(model.Openness.Openwashing);
        var finding = Assert.Single(report.Rule(RuleIds.ModelLicenseRestricted));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("open weights, not open source", finding.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("acceptable-use-policy", finding.Message);
        Assert.Contains("Openwashing", finding.Message);
    }

    [Fact]
    public void Apache_card_with_datasets_is_open_source()
    {
        using var ws = FolderWithCard("""
            ---
            license: apache-2.0
            datasets:
              - HuggingFaceFW/fineweb-edu
            ---
            # Small model
            """);
        ws.Write("hub/model/modeling_small.py", "# architecture code\n");

        var report = ws.Scan("hub");

        var model = report.Model("hub/model");
        Assert.Equal("Apache-2.0", model.License.Expression);
        Assert.Equal("open-source", model.Openness.Class);
        Assert.Equal(["code", "model-card", "training-data", "weights"], model.Openness.Components);
        Assert.True(model.Openness.Osaid);
        Assert.Empty(report.Rule(RuleIds.ModelLicenseRestricted));
        Assert.Empty(report.Rule(RuleIds.ModelLicenseUnknown));
    }

    [Fact]
    public void Model_without_any_license_is_TC3004_and_openness_unknown()
    {
        using var ws = FolderWithCard("---\nlibrary_name: transformers\n---\n# No license here\n");

        var report = ws.Scan("hub");

        var model = report.Model("hub/model");
        Assert.Null(model.License.Expression);
        Assert.Equal("none", model.License.Kind);
        Assert.Equal("unknown", model.Openness.Class);
        var finding = Assert.Single(report.Rule(RuleIds.ModelLicenseUnknown));
        Assert.Equal("warning", finding.Severity);
        Assert.Equal("hub/model", finding.Subject);
    }

    [Fact]
    public void License_in_the_weights_metadata_is_used_when_the_card_names_none()
    {
        using var ws = FolderWithCard("---\nlibrary_name: transformers\n---\n", weights: "modelaudit/samples/safetensors/safe_model.safetensors");

        var model = ws.Scan("hub").Model("hub/model");

        Assert.Equal("MIT", model.License.Expression);
        Assert.StartsWith("safetensors:", model.License.Source);
    }

    [Fact]
    public void Unknown_license_names_the_model_family_license_as_a_hint_only()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf", "phi.gguf"); // general.name = Phi3, no general.license

        var report = ws.Scan("phi.gguf");

        Assert.Null(report.Model("phi.gguf").License.Expression);
        var finding = Assert.Single(report.Rule(RuleIds.ModelLicenseUnknown));
        Assert.Contains("'Phi3' suggests", finding.Message);
        Assert.Equal("MIT", finding.Data!["suggestedLicense"]);
    }

    [Fact]
    public void Unknown_license_follows_the_policy_severity()
    {
        using var ws = new ModelWorkspace();
        ws.Policy.Licenses.Unknown = RuleSeverity.Error;
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "a.pkl");

        var report = ws.Scan("a.pkl");

        Assert.Equal("error", Assert.Single(report.Rule(RuleIds.ModelLicenseUnknown)).Severity);
    }

    [Fact]
    public void License_in_config_json_is_used_when_there_is_no_card()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("modelaudit/scenarios/license_scenarios/mit_model/config.json", "mit_model/config.json");
        ws.CopyFromCorpus("modelaudit/scenarios/license_scenarios/mit_model/model_weights.pkl", "mit_model/model_weights.pkl");

        var report = ws.Scan("mit_model");

        var model = report.Model("mit_model");
        Assert.Equal("MIT", model.License.Expression);
        Assert.Equal("config:license", model.License.Source);
        Assert.Empty(report.Rule(RuleIds.ModelLicenseUnknown));
    }

    [Fact]
    public void Denied_license_is_TC3003_error()
    {
        using var ws = FolderWithCard("---\nlicense: cc-by-nc-4.0\n---\n");
        ws.Policy.Licenses.Deny.Add("CC-BY-NC-4.0");

        var report = ws.Scan("hub");

        var finding = Assert.Single(report.Rule(RuleIds.ModelLicenseDenied));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("CC-BY-NC-4.0", finding.Message);
    }

    [Fact]
    public void Model_below_minimum_openness_is_an_error()
    {
        using var ws = FolderWithCard(LlamaCard);
        ws.Policy.Models.MinimumOpenness = "open-source";

        var report = ws.Scan("hub");

        var finding = Assert.Single(report.Rule(RuleIds.ModelLicenseRestricted));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("minimumOpenness", finding.Message);
    }

    [Fact]
    public void License_recorded_in_the_lock_is_used_when_the_model_names_none()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "a.pkl");
        ws.Lock("a.pkl");
        ws.EditLock("a.pkl", entry => entry["license"] = "MIT");

        var report = ws.Scan("a.pkl");

        var model = report.Model("a.pkl");
        Assert.Equal("MIT", model.License.Expression);
        Assert.Equal("override", model.License.Kind);
        Assert.Empty(report.Rule(RuleIds.ModelLicenseUnknown));
    }
}
