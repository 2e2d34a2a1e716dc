using TrustCheck.Core.Tests.Models;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>How the model stage reports the verifier's verdicts (TC3006 / TC3007, provenance.signature).</summary>
public class ModelStageSignatureTests
{
    [Fact]
    public void Signed_folder_with_the_publisher_key_in_the_policy_is_valid_without_findings()
    {
        using var ws = SignedWorkspace("v1.1.0-elliptic-key");
        ws.CopyFromCorpus("oms/keys/certificate/signing-key-pub.pem", "keys/signing-key-pub.pem");
        ws.Policy.Models.Signing.PublicKeys.Add(ws.Path("keys/signing-key-pub.pem"));

        var report = ws.Scan("signed");

        Assert.Empty(report.Rule(RuleIds.ModelSignatureInvalid));
        Assert.Empty(report.Rule(RuleIds.ModelSignatureMissing));
        Assert.True(report.Model("signed").Provenance.Signed);
        Assert.Equal("valid", report.Model("signed").Provenance.Signature);
    }

    [Fact]
    public void Signed_folder_without_trust_material_is_TC3007_unverified_not_TC3006()
    {
        using var ws = SignedWorkspace("v1.1.0-elliptic-key");
        ws.Policy.Models.RequireSignature = true;

        var report = ws.Scan("signed");

        Assert.Empty(report.Rule(RuleIds.ModelSignatureInvalid));
        var finding = Assert.Single(report.Rule(RuleIds.ModelSignatureMissing));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("models.signing.publicKeys is empty", finding.Message);
        Assert.False(report.Model("signed").Provenance.Signed);
        Assert.Equal("unverified", report.Model("signed").Provenance.Signature);
    }

    private static ModelWorkspace SignedWorkspace(string vector)
    {
        var ws = new ModelWorkspace();
        foreach (var name in new[] { "model.sig", "signme-1", "signme-2", "ignore-me" })
        {
            ws.CopyFromCorpus($"oms/{vector}/{name}", $"signed/{name}");
        }

        return ws;
    }
}
