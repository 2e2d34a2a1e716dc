using System.Text;
using System.Text.Json.Nodes;
using TrustCheck.Core.Provenance.ModelSigning;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Broken or hostile model.sig files give Invalid with a message naming the problem, never an exception.</summary>
public class MalformedBundleTests
{
    private const string Vector = "v1.1.0-elliptic-key";

    [Fact]
    public void Truncated_bundle_is_invalid_json()
    {
        var result = VerifyWithBundleBytes(bundle => bundle[..(bundle.Length / 2)]);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("the signature bundle is not valid JSON", result.Message);
    }

    [Fact]
    public void Empty_bundle_is_invalid_json()
    {
        var result = VerifyWithBundleBytes(_ => []);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("not valid JSON", result.Message);
    }

    [Fact]
    public void Bundle_over_16_MB_is_rejected_before_reading()
    {
        using var copy = VectorCopy.Of(Vector);
        using (var stream = File.Open(copy.Bundle, FileMode.Create))
        {
            stream.SetLength(SigningLimitsForTests.MaxBundleBytes + 1);
        }

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(Vector).Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("over the 16 MB limit", result.Message);
    }

    [Fact]
    public void Bundle_that_links_to_an_endless_device_is_never_read()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // Unix-only hazard: no endless device to link to here.
        }

        using var copy = VectorCopy.Of(Vector);
        File.Delete(copy.Bundle);
        File.CreateSymbolicLink(copy.Bundle, "/dev/zero");

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(Vector).Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("not a regular file (character device)", result.Message);
    }

    [Fact]
    public void Huge_base64_payload_under_the_cap_fails_the_signature_check()
    {
        var payload = Convert.ToBase64String(new byte[10 * 1024 * 1024]);

        var result = VerifyWithEditedBundle(bundle => bundle["dsseEnvelope"]!["payload"] = payload);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("DSSE signature does not verify", result.Message);
    }

    [Fact]
    public void Payload_that_is_not_base64_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["dsseEnvelope"]!["payload"] = "not base64 !!");

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("bundle.dsseEnvelope.payload is not valid base64", result.Message);
    }

    [Fact]
    public void Wrong_payload_type_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["dsseEnvelope"]!["payloadType"] = "application/json");

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("payloadType is 'application/json'", result.Message);
    }

    [Fact]
    public void Bundle_without_signatures_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["dsseEnvelope"]!["signatures"] = new JsonArray());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("signatures has 0 entries", result.Message);
    }

    [Fact]
    public void Signature_entry_without_sig_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["dsseEnvelope"]!["signatures"]![0]!.AsObject().Remove("sig"));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("signatures[0].sig is missing", result.Message);
    }

    [Fact]
    public void Missing_envelope_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle.Remove("dsseEnvelope"));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("bundle.dsseEnvelope is missing", result.Message);
    }

    [Fact]
    public void Unknown_media_type_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.1");

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("bundle.mediaType", result.Message);
    }

    [Fact]
    public void Bundle_with_both_a_key_and_a_certificate_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle =>
            bundle["verificationMaterial"]!["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String([1, 2, 3]) });

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("exactly one of publicKey, x509CertificateChain or certificate", result.Message);
    }

    [Fact]
    public void Deeply_nested_json_is_invalid_not_a_stack_overflow()
    {
        var deep = "{\"mediaType\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var result = VerifyWithBundleBytes(_ => Encoding.UTF8.GetBytes(deep));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("not valid JSON", result.Message);
    }

    [Fact]
    public void Json_array_instead_of_object_is_invalid()
    {
        var result = VerifyWithBundleBytes(_ => "[1,2,3]"u8.ToArray());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("not a JSON object", result.Message);
    }

    [Fact]
    public void Garbage_certificate_bytes_are_invalid()
    {
        using var copy = VectorCopy.Of("v1.1.0-certificate");
        copy.EditBundle(bundle => bundle["verificationMaterial"]!["x509CertificateChain"]!["certificates"]![0]!["rawBytes"] = Convert.ToBase64String(new byte[64]));

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-certificate").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("could not be checked", result.Message);
    }

    private static SignatureVerification VerifyWithEditedBundle(Action<JsonObject> edit)
    {
        using var copy = VectorCopy.Of(Vector);
        copy.EditBundle(edit);
        return ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(Vector).Policy());
    }

    private static SignatureVerification VerifyWithBundleBytes(Func<byte[], byte[]> rewrite)
    {
        using var copy = VectorCopy.Of(Vector);
        File.WriteAllBytes(copy.Bundle, rewrite(File.ReadAllBytes(copy.Bundle)));
        return ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(Vector).Policy());
    }
}

/// <summary>The product's cap, restated so the test fails if it silently grows.</summary>
internal static class SigningLimitsForTests
{
    public const long MaxBundleBytes = 16L * 1024 * 1024;
}
