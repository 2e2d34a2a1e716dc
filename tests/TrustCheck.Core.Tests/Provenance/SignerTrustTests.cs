using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance.ModelSigning;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>How the policy's keys, CAs, trust root and identities decide whether a signer is trusted.</summary>
public class SignerTrustTests
{
    [Fact]
    public void Key_signature_without_policy_keys_is_unverified_but_checked_with_the_embedded_key()
    {
        var vector = OmsVector.Named("v1.0.1-elliptic-key");
        var policy = vector.Policy();
        policy.Models.Signing.PublicKeys.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Unverified, result.Status);
        Assert.Contains("models.signing.publicKeys is empty", result.Message);
        Assert.Contains("the signature verifies with the key embedded in the bundle", result.Message);
    }

    [Fact]
    public void Hint_only_key_signature_without_policy_keys_is_unverified_and_says_the_signature_was_not_checked()
    {
        var vector = OmsVector.Named("v1.1.0-elliptic-key");
        var policy = vector.Policy();
        policy.Models.Signing.PublicKeys.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Unverified, result.Status);
        Assert.Contains("signature itself could not be checked", result.Message);
        Assert.Contains("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e", result.Message);
    }

    [Fact]
    public void Tampered_file_is_invalid_even_when_the_policy_has_no_key()
    {
        var vector = OmsVector.Named("v1.1.0-elliptic-key-tampered-file");
        var policy = vector.Policy();
        policy.Models.Signing.PublicKeys.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'signme-1' changed since signing", result.Message);
    }

    [Fact]
    public void Right_key_among_several_policy_keys_verifies()
    {
        var vector = OmsVector.Named("v1.0.0-elliptic-key");
        var policy = vector.Policy();
        policy.Models.Signing.PublicKeys.Insert(0, "keys/unrelated/unrelated-p384-pub.pem");

        var result = ModelSignatureVerifier.Verify(vector.ModelPath, policy);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains("signing-key-pub.pem", result.Signer);
    }

    [Fact]
    public void Policy_key_file_that_does_not_exist_is_invalid_and_named()
    {
        var vector = OmsVector.Named("v1.1.0-elliptic-key");
        var policy = vector.Policy();
        policy.Models.Signing.PublicKeys[0] = "keys/missing.pem";

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("models.signing.publicKeys", result.Message);
        Assert.Contains("keys/missing.pem", result.Message.Replace('\\', '/'));
    }

    [Fact]
    public void Certificate_signature_without_policy_ca_is_unverified()
    {
        var vector = OmsVector.Named("v1.1.0-certificate");
        var policy = vector.Policy();
        policy.Models.Signing.CertificateChains.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Unverified, result.Status);
        Assert.Contains("models.signing.certificateChains is empty", result.Message);
    }

    [Fact]
    public void Certificate_signature_from_another_ca_is_invalid()
    {
        var folder = TestPaths.NewTempDirectory();
        var otherCa = Path.Combine(folder, "other-ca.pem");
        File.WriteAllText(otherCa, SelfSignedCaPem("CN=root-ca"));
        var vector = OmsVector.Named("v1.1.0-certificate");
        var policy = vector.Policy();
        policy.Models.Signing.CertificateChains[0] = otherCa;

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("does not chain to a CA in models.signing.certificateChains", result.Message);
    }

    [Fact]
    public void Certificate_signature_with_the_intermediate_missing_from_the_bundle_is_invalid()
    {
        using var copy = VectorCopy.Of("v1.1.0-certificate");
        copy.EditBundle(b => b["verificationMaterial"]!["x509CertificateChain"]!["certificates"]!.AsArray().RemoveAt(1));

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-certificate").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("does not chain", result.Message);
    }

    [Fact]
    public void Keyless_signature_without_trust_root_is_unverified()
    {
        var vector = OmsVector.Named("v1.0.1-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.TrustRoot = null;

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Unverified, result.Status);
        Assert.Contains("models.signing.trustRoot is not set", result.Message);
    }

    [Fact]
    public void Keyless_signature_by_an_identity_not_in_the_policy_is_invalid_and_names_the_signer()
    {
        var vector = OmsVector.Named("v1.0.1-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.SigstoreIdentities[0] = new SigstoreIdentity("releases@example.org", OmsVector.SigstoreIssuer);

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("signed by stefanb@us.ibm.com (issuer https://sigstore.verify.ibm.com/oauth2)", result.Message);
        Assert.Contains("not in models.signing.sigstoreIdentities", result.Message);
    }

    [Fact]
    public void Keyless_signature_with_the_right_identity_from_another_issuer_is_invalid()
    {
        var vector = OmsVector.Named("v1.1.0-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.SigstoreIdentities[0] = new SigstoreIdentity(OmsVector.SigstoreIdentity, "https://accounts.google.com");

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
    }

    [Fact]
    public void Keyless_signature_without_policy_identities_is_valid_and_says_any_identity_was_accepted()
    {
        var vector = OmsVector.Named("v1.0.0-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.SigstoreIdentities.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains(result.NotChecked, n => n.StartsWith("signer identity", StringComparison.Ordinal) && n.Contains(OmsVector.SigstoreIdentity));
    }

    [Fact]
    public void Trust_root_given_as_a_bare_trusted_root_file_works_like_the_trust_config()
    {
        var folder = TestPaths.NewTempDirectory();
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(OmsVector.OmsRoot, "trust", "custom_trust_config.json")))!;
        var rootPath = Path.Combine(folder, "trusted_root.json");
        File.WriteAllText(rootPath, config["trustedRoot"]!.ToJsonString());
        var vector = OmsVector.Named("v1.1.0-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.TrustRoot = rootPath;

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Trust_root_without_the_fulcio_ca_is_invalid()
    {
        var folder = TestPaths.NewTempDirectory();
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(OmsVector.OmsRoot, "trust", "custom_trust_config.json")))!;
        config["trustedRoot"]!["certificateAuthorities"] = new System.Text.Json.Nodes.JsonArray();
        var rootPath = Path.Combine(folder, "trust.json");
        File.WriteAllText(rootPath, config.ToJsonString());
        var vector = OmsVector.Named("v1.0.1-sigstore");
        var policy = vector.Policy();
        policy.Models.Signing.TrustRoot = rootPath;

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("does not chain to a Fulcio CA", result.Message);
    }

    [Fact]
    public void Trust_root_without_the_ct_log_is_invalid()
    {
        var result = VerifyWithEditedTrustRoot("v1.1.0-sigstore", root => root["ctlogs"] = new System.Text.Json.Nodes.JsonArray());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("SCT names CT log", result.Message);
    }

    [Fact]
    public void Sct_that_does_not_verify_with_the_ct_log_key_is_invalid()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = VerifyWithEditedTrustRoot("v1.0.1-sigstore", root =>
        {
            foreach (var log in root["ctlogs"]!.AsArray())
            {
                log!["publicKey"]!["rawBytes"] = Convert.ToBase64String(otherKey.ExportSubjectPublicKeyInfo());
            }
        });

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("SCT does not verify", result.Message);
    }

    [Fact]
    public void Rfc3161_timestamp_from_a_tsa_outside_the_trust_root_is_listed_as_not_checked()
    {
        var vector = OmsVector.Named("v1.1.0-sigstore");

        var result = ModelSignatureVerifier.Verify(vector.Folder, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains(result.NotChecked, n => n.Contains("RFC 3161 timestamp of 2025-10-10 02:12:20Z by 'CN=sigstore-tsa, O=sigstore.dev'", StringComparison.Ordinal)
                                               && n.Contains("not among the 1 timestamp authority of the trust root", StringComparison.Ordinal));
    }

    [Fact]
    public void Rfc3161_timestamp_that_does_not_cover_the_signature_is_invalid()
    {
        using var copy = VectorCopy.Of("v1.1.0-sigstore");
        copy.EditBundle(bundle =>
        {
            var timestamp = bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!;
            var bytes = Convert.FromBase64String((string)timestamp["signedTimestamp"]!);
            bytes[^10] ^= 0x01; // inside the TSA's ECDSA signature
            timestamp["signedTimestamp"] = Convert.ToBase64String(bytes);
        });

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-sigstore").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("RFC 3161", result.Message);
    }

    [Fact]
    public void Rfc3161_timestamp_that_is_not_der_is_invalid()
    {
        using var copy = VectorCopy.Of("v1.1.0-sigstore");
        copy.EditBundle(bundle =>
            bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String([0x30, 0x03, 0x02, 0x01]));

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-sigstore").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("RFC 3161 timestamp in the bundle is malformed", result.Message);
    }

    private static SignatureVerification VerifyWithEditedTrustRoot(string vectorName, Action<System.Text.Json.Nodes.JsonNode> edit)
    {
        var folder = TestPaths.NewTempDirectory();
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(OmsVector.OmsRoot, "trust", "custom_trust_config.json")))!;
        edit(config["trustedRoot"]!);
        var rootPath = Path.Combine(folder, "trust.json");
        File.WriteAllText(rootPath, config.ToJsonString());
        var vector = OmsVector.Named(vectorName);
        var policy = vector.Policy();
        policy.Models.Signing.TrustRoot = rootPath;
        return ModelSignatureVerifier.Verify(vector.Folder, policy);
    }

    private static string SelfSignedCaPem(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.ExportCertificatePem();
    }
}
