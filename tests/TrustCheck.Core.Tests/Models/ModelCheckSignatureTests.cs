using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class ModelCheckSignatureTests
{
    [Fact]
    public void Unsigned_model_is_TC3007_info_by_default()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");

        var report = ws.Scan("relu.onnx");

        var finding = Assert.Single(report.Rule(RuleIds.ModelSignatureMissing));
        Assert.Equal("info", finding.Severity);
        Assert.Contains("relu.onnx.sig", finding.Message);
        var provenance = report.Model("relu.onnx").Provenance;
        Assert.False(provenance.Signed);
        Assert.Equal("missing", provenance.Signature);
    }

    [Fact]
    public void Unsigned_model_is_a_warning_when_the_policy_requires_signatures()
    {
        using var ws = new ModelWorkspace();
        ws.Policy.Models.RequireSignature = true;
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "relu.onnx");

        Assert.Equal("warning", Assert.Single(ws.Scan("relu.onnx").Rule(RuleIds.ModelSignatureMissing)).Severity);
    }

    [Fact]
    public void Tampered_signed_folder_is_TC3006()
    {
        using var ws = new ModelWorkspace();
        const string vector = "oms/negative/v1.1.0-elliptic-key-tampered-file";
        foreach (var name in new[] { "model.sig", "signme-1", "signme-2", "ignore-me" })
        {
            ws.CopyFromCorpus($"{vector}/{name}", $"signed/{name}");
        }

        ws.CopyFromCorpus("oms/keys/certificate/signing-key-pub.pem", "keys/signing-key-pub.pem");
        ws.Policy.Models.Signing.PublicKeys.Add(ws.Path("keys/signing-key-pub.pem"));
        ws.Policy.Models.Signing.IgnorePaths.Add("ignore-me");

        var report = ws.Scan("signed");

        var finding = Assert.Single(report.Rule(RuleIds.ModelSignatureInvalid));
        Assert.Equal("error", finding.Severity);
        Assert.Equal("signed", finding.Subject);
        Assert.Equal("invalid", report.Model("signed").Provenance.Signature);
    }
}
