using System.Text;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Policy;

public class PolicyLoaderTests
{
    private static readonly string PolicyPath = Path.Combine(Path.GetTempPath(), "policy-under-test", PolicyLoader.FileName);

    private static PolicyLoadResult Parse(string json) => PolicyLoader.Parse(Encoding.UTF8.GetBytes(json), PolicyPath);

    private static Finding SingleProblem(string json)
    {
        var result = Parse(json);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(RuleIds.PolicyInvalid, problem.RuleId);
        Assert.Equal(RuleSeverity.Error, problem.Severity);
        return problem;
    }

    [Fact]
    public void Contract_example_maps_onto_every_section()
    {
        var result = Parse("""
            {
              "licenses": { "allow": ["MIT", "Apache-2.0", "BSD-3-Clause"], "deny": ["AGPL-3.0-only", "LicenseRef-*-NC"], "unknown": "warning" },
              "packages": { "trustedSources": ["https://pkgs.example.org/v3/index.json"], "trustedSigners": [], "overrides": { "Some.Pkg@1.2.3": { "license": "MIT", "reason": "reviewed" } } },
              "models":   { "requireLock": true, "requireSignature": false, "allowFormats": ["onnx", "safetensors", "gguf"], "minimumOpenness": "open-weights",
                            "signing": { "publicKeys": ["keys/model-signing.pub.pem"], "certificateChains": ["keys/ca.pem"],
                                         "sigstoreIdentities": [{ "identity": "releases@example.org", "issuer": "https://accounts.example.org" }],
                                         "trustRoot": "keys/trust_root.json", "ignorePaths": ["README.md"] } },
              "rules":    { "TC2004": "none", "TC1003": "error" }
            }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        var policy = result.Policy;
        Assert.Equal(["MIT", "Apache-2.0", "BSD-3-Clause"], policy.Licenses.Allow);
        Assert.Equal(["AGPL-3.0-only", "LicenseRef-*-NC"], policy.Licenses.Deny);
        Assert.Equal(RuleSeverity.Warning, policy.Licenses.Unknown);
        Assert.Equal(["https://pkgs.example.org/v3/index.json"], policy.Packages.TrustedSources);
        var entry = Assert.Single(policy.Packages.Overrides);
        Assert.Equal(new PackageOverride("Some.Pkg", "[1.2.3]", "MIT", "reviewed"), entry);
        Assert.True(policy.Models.RequireLock);
        Assert.False(policy.Models.RequireSignature);
        Assert.Equal(["onnx", "safetensors", "gguf"], policy.Models.AllowFormats);
        Assert.Equal("open-weights", policy.Models.MinimumOpenness);
        Assert.Equal(["keys/model-signing.pub.pem"], policy.Models.Signing.PublicKeys);
        Assert.Equal(["keys/ca.pem"], policy.Models.Signing.CertificateChains);
        Assert.Equal(new SigstoreIdentity("releases@example.org", "https://accounts.example.org"), Assert.Single(policy.Models.Signing.SigstoreIdentities));
        Assert.Equal("keys/trust_root.json", policy.Models.Signing.TrustRoot);
        Assert.Equal(["README.md"], policy.Models.Signing.IgnorePaths);
        Assert.Equal(RuleSeverity.None, policy.Rules["TC2004"]);
        Assert.Equal(RuleSeverity.Error, policy.Rules["TC1003"]);
        Assert.Equal(Path.GetFullPath(PolicyPath), policy.SourcePath);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var result = Parse("""
            // leading comment
            {
              /* block */ "licenses": { "deny": ["GPL-3.0-only",], },
            }
            """);

        Assert.True(result.IsValid);
        Assert.Equal(["GPL-3.0-only"], result.Policy.Licenses.Deny);
    }

    [Fact]
    public void Invalid_json_is_TC9001_with_line_and_column()
    {
        var problem = SingleProblem("{\n  \"licenses\": {\n    \"deny\": [\"MIT\" \"GPL-3.0-only\"]\n  }\n}");

        Assert.Equal(3, problem.Location!.Line);
        Assert.Equal(20, problem.Location.Column); // the token after the missing comma
        Assert.StartsWith("trustcheck.json(3,20): not valid JSON", problem.Message);
        Assert.Equal(Path.GetFullPath(PolicyPath), problem.Location.Path);
    }

    [Fact]
    public void Unknown_key_is_reported_at_its_position_with_the_known_keys()
    {
        var problem = SingleProblem("{\n  \"licenses\": {\n    \"dney\": [\"MIT\"]\n  }\n}");

        Assert.Equal((3, 5), (problem.Location!.Line, problem.Location.Column));
        Assert.Contains("'licenses.dney'", problem.Message);
        Assert.Contains("allow, deny, unknown", problem.Message);
        Assert.Equal("licenses.dney", problem.Data!["key"]);
    }

    [Fact]
    public void Column_counts_characters_not_bytes()
    {
        var problem = SingleProblem("{ \"licenses\": { \"deny\": [\"Ünïcödé\"] }, \"x\": 1 }");

        Assert.Equal(40, problem.Location!.Column); // 44 if the four two-byte characters were counted as bytes
    }

    [Theory]
    [InlineData("""{ "licenses": { "allow": "MIT" } }""", "'licenses.allow' must be an array")]
    [InlineData("""{ "licenses": { "allow": [1] } }""", "'licenses.allow[0]' must be a string")]
    [InlineData("""{ "models": { "requireLock": "yes" } }""", "'models.requireLock' must be true or false")]
    [InlineData("""{ "packages": [] }""", "'packages' must be an object")]
    [InlineData("""[]""", "'the top level' must be an object")]
    public void Wrong_type_names_the_key_and_the_expected_type(string json, string expected)
    {
        Assert.Contains(expected, SingleProblem(json).Message);
    }

    [Fact]
    public void Unknown_rule_id_is_reported()
    {
        var problem = SingleProblem("""{ "rules": { "TC9999": "none" } }""");

        Assert.Contains("'rules.TC9999' names no TrustCheck rule", problem.Message);
    }

    [Theory]
    [InlineData("""{ "rules": { "TC2004": "loud" } }""", "rules.TC2004")]
    [InlineData("""{ "licenses": { "unknown": "fatal" } }""", "licenses.unknown")]
    public void Unknown_severity_is_reported(string json, string key)
    {
        var problem = SingleProblem(json);

        Assert.Contains($"'{key}' is '", problem.Message);
        Assert.Contains("none, info, warning, error", problem.Message);
    }

    [Fact]
    public void Severity_override_for_a_valid_rule_is_applied()
    {
        var result = Parse("""{ "rules": { "tc1002": "error" } }""");

        Assert.True(result.IsValid);
        Assert.Equal(RuleSeverity.Error, result.Policy.Rules[RuleIds.PackageLicenseUnknown]);
    }

    [Fact]
    public void Override_without_reason_is_rejected()
    {
        var result = Parse("""{ "packages": { "overrides": { "Some.Pkg": { "license": "MIT" } } } }""");

        var problem = Assert.Single(result.Problems);
        Assert.Contains("has no \"reason\"", problem.Message);
        Assert.Empty(result.Policy.Packages.Overrides);
    }

    [Theory]
    [InlineData("Some.Pkg", "Some.Pkg", null)]
    [InlineData("Some.Pkg@1.2.3", "Some.Pkg", "[1.2.3]")]
    [InlineData("Some.Pkg@[1.0,2.0)", "Some.Pkg", "[1.0.0, 2.0.0)")]
    [InlineData("Some.Pkg@(,3.0]", "Some.Pkg", "(, 3.0.0]")]
    public void Override_keys_take_an_id_and_an_optional_version_or_range(string key, string id, string? range)
    {
        var result = Parse($$"""{ "packages": { "overrides": { "{{key}}": { "reason": "ok" } } } }""");

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        var entry = Assert.Single(result.Policy.Packages.Overrides);
        Assert.Equal((id, range, (string?)null), (entry.Id, entry.VersionRange, entry.License));
    }

    [Fact]
    public void Override_key_with_an_invalid_version_is_rejected()
    {
        Assert.Contains("neither a version nor a NuGet version range", SingleProblem("""{ "packages": { "overrides": { "Some.Pkg@banana": { "reason": "x" } } } }""").Message);
    }

    [Fact]
    public void Trusted_signer_must_be_a_sha256_fingerprint()
    {
        var result = Parse("""{ "packages": { "trustedSigners": ["3F:9A", "aa12da22a49bce7d5c1ae64cc1f3d892f150da76140f210abd2cbffca2c18a27"] } }""");

        Assert.Contains("not a SHA-256 certificate fingerprint", Assert.Single(result.Problems).Message);
        Assert.Equal(["AA12DA22A49BCE7D5C1AE64CC1F3D892F150DA76140F210ABD2CBFFCA2C18A27"], result.Policy.Packages.TrustedSigners);
    }

    [Fact]
    public void Unknown_model_format_and_openness_are_reported()
    {
        var result = Parse("""{ "models": { "allowFormats": ["onnx", "exe"], "minimumOpenness": "very-open" } }""");

        Assert.Equal(2, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Message.Contains("'models.allowFormats[1]' is 'exe'"));
        Assert.Contains(result.Problems, p => p.Message.Contains("'models.minimumOpenness' is 'very-open'"));
    }

    [Fact]
    public void Sigstore_identity_needs_identity_and_issuer()
    {
        Assert.Contains("needs both", SingleProblem("""{ "models": { "signing": { "sigstoreIdentities": [{ "identity": "a@b.c" }] } } }""").Message);
    }

    [Fact]
    public void Duplicate_key_is_reported()
    {
        Assert.Contains("is given twice", SingleProblem("""{ "licenses": {}, "licenses": {} }""").Message);
    }

    [Fact]
    public void Several_problems_are_all_reported_and_valid_parts_still_apply()
    {
        var result = Parse("""{ "licenses": { "deny": ["MIT"], "alow": [] }, "rules": { "TC0000": "none", "TC2004": "none" } }""");

        Assert.Equal(2, result.Problems.Count);
        Assert.Equal(["MIT"], result.Policy.Licenses.Deny);
        Assert.Equal(RuleSeverity.None, result.Policy.Rules["TC2004"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{} {}")]
    [InlineData("nul")]
    [InlineData("\"just a string\"")]
    public void Malformed_text_is_one_TC9001_and_never_throws(string json)
    {
        SingleProblem(json);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_without_a_stack_overflow()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        Assert.Contains("not valid JSON", SingleProblem(json).Message);
    }

    [Fact]
    public void Missing_file_is_TC9001_not_an_exception()
    {
        var result = PolicyLoader.Load(Path.Combine(TestPaths.NewTempDirectory(), "trustcheck.json"));

        Assert.Equal(RuleIds.PolicyInvalid, Assert.Single(result.Problems).RuleId);
    }

    [Fact]
    public void Nearest_policy_up_the_folder_tree_is_found()
    {
        var root = TestPaths.NewTempDirectory();
        var nested = Directory.CreateDirectory(Path.Combine(root, "a", "b")).FullName;
        File.WriteAllText(Path.Combine(root, PolicyLoader.FileName), "{}");

        Assert.Equal(Path.Combine(root, PolicyLoader.FileName), PolicyLoader.FindNearest(nested));
    }

    [Fact]
    public void Policy_errors_become_findings_of_a_check()
    {
        var folder = TestPaths.NewTempDirectory();
        var policy = Path.Combine(folder, PolicyLoader.FileName);
        File.WriteAllText(policy, """{ "licences": {} }""");

        var report = TrustCheckEngine.Check(new CheckOptions { PolicyPath = policy, WorkingDirectory = folder });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(RuleIds.PolicyInvalid, finding.RuleId);
        Assert.Equal((1, 3), (finding.Location!.Line, finding.Location.Column));
        Assert.True(report.HasErrors);
    }
}
