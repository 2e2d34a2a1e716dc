using TrustCheck.Core.Provenance.ModelSigning;
using Xunit.Abstractions;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Every OMS vector of the corpus, driven by MANIFEST.tsv: signed-valid verifies, signed-invalid fails for its own reason.</summary>
public class OmsVectorVerificationTests(ITestOutputHelper output)
{
    /// <summary>What each negative vector's message must name (its cause). A new negative without an entry fails the theory.</summary>
    private static readonly Dictionary<string, string[]> ExpectedCauses = new(StringComparer.Ordinal)
    {
        ["v1.1.0-certificate-extra-file"] = ["'newfile'", "not covered by the signature"],
        ["v1.1.0-certificate-missing-file"] = ["'signme-2'", "missing"],
        ["v1.1.0-certificate-payload-rewritten"] = ["DSSE signature does not verify", "payload was changed after signing"],
        ["v1.1.0-elliptic-key-bad-signature"] = ["DSSE signature does not verify", "the key the bundle names"],
        ["v1.1.0-elliptic-key-tampered-file"] = ["'signme-1'", "changed since signing"],
        ["v1.1.0-elliptic-key-wrong-key"] = ["DSSE signature does not verify with any of the 1 key(s)", "wrong key"],
    };

    public static TheoryData<string> ValidVectors() => new(OmsVector.All.Where(v => !v.IsNegative).Select(v => v.Name));

    public static TheoryData<string> InvalidVectors() => new(OmsVector.All.Where(v => v.IsNegative).Select(v => v.Name));

    [Fact]
    public void Manifest_lists_the_expected_oms_vectors()
    {
        Assert.Equal(13, OmsVector.All.Count(v => !v.IsNegative));
        Assert.Equal(6, OmsVector.All.Count(v => v.IsNegative));
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Signed_valid_vector_verifies(string name)
    {
        var vector = OmsVector.Named(name);

        var result = ModelSignatureVerifier.Verify(vector.ModelPath, vector.Policy());
        Report(result);

        Assert.True(result.Status == SignatureStatus.Valid, $"{name}: {result.Status}: {result.Message}");
        Assert.Equal(Path.Combine(vector.Folder, "model.sig"), result.SignaturePath);
        Assert.StartsWith("verified:", result.Message);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Signed_invalid_vector_fails_with_its_cause(string name)
    {
        var vector = OmsVector.Named(name);
        Assert.True(ExpectedCauses.TryGetValue(name, out var causes), $"no expected cause recorded for negative vector {name}");

        var result = ModelSignatureVerifier.Verify(vector.ModelPath, vector.Policy());
        Report(result);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.All(causes, cause => Assert.Contains(cause, result.Message));
    }

    [Theory]
    [InlineData("v0.3.1-sigstore")]
    [InlineData("v1.0.0-sigstore")]
    [InlineData("v1.0.1-sigstore")]
    [InlineData("v1.1.0-sigstore")]
    public void Keyless_vector_reports_what_could_not_be_checked_offline(string name)
    {
        var vector = OmsVector.Named(name);

        var result = ModelSignatureVerifier.Verify(vector.ModelPath, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal("sigstore", result.Method);
        Assert.Contains(OmsVector.SigstoreIdentity, result.Signer);
        Assert.DoesNotContain(result.NotChecked, n => n.StartsWith("certificate transparency", StringComparison.Ordinal));
        Assert.Contains(result.NotChecked, n => n.StartsWith("Rekor log consistency", StringComparison.Ordinal));
        Assert.Equal(name == "v1.1.0-sigstore", result.NotChecked.Any(n => n.StartsWith("RFC 3161 timestamp", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("v0.2.0-certificate")]
    [InlineData("v1.1.0-certificate")]
    public void Certificate_vector_says_its_chain_was_checked_at_the_leaf_notBefore(string name)
    {
        var vector = OmsVector.Named(name);

        var result = ModelSignatureVerifier.Verify(vector.ModelPath, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal("certificate", result.Method);
        Assert.Contains(result.NotChecked, n => n.StartsWith("signing time", StringComparison.Ordinal) && n.Contains("2025-05-02"));
    }

    private void Report(SignatureVerification result)
    {
        output.WriteLine($"{result.Status}: {result.Message}");
        foreach (var item in result.NotChecked)
        {
            output.WriteLine("  not checked: " + item);
        }
    }
}
