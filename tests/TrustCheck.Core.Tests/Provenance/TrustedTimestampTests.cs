using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using TrustCheck.Core.Provenance.ModelSigning;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>
/// RFC 3161 timestamps from a TSA the trust root lists: minted in the test (TSTInfo per RFC 3161 §2.4.2, CMS SignedData
/// with an ESS signingCertificateV2 attribute) over the real v1.1.0-sigstore signature.
/// </summary>
public sealed class TrustedTimestampTests : IDisposable
{
    private const string Vector = "v1.1.0-sigstore";
    private static readonly DateTimeOffset InsideLeafValidity = new(2025, 10, 10, 2, 12, 20, TimeSpan.Zero);

    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa tsaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;
    private readonly X509Certificate2 tsa;

    public TrustedTimestampTests()
    {
        var caRequest = new CertificateRequest("CN=test-tsa-root", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        ca = caRequest.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var tsaRequest = new CertificateRequest("CN=test-tsa", tsaKey, HashAlgorithmName.SHA256);
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        using var issued = tsaRequest.Create(ca, new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2039, 1, 1, 0, 0, 0, TimeSpan.Zero), [1, 2, 3, 4]);
        tsa = issued.CopyWithPrivateKey(tsaKey);
    }

    [Fact]
    public void Timestamp_from_a_trusted_tsa_inside_the_leaf_validity_is_verified()
    {
        var result = VerifyWithTimestamp(InsideLeafValidity);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.DoesNotContain(result.NotChecked, n => n.Contains("RFC 3161", StringComparison.Ordinal));
    }

    [Fact]
    public void Timestamp_from_a_trusted_tsa_after_the_leaf_expired_is_invalid()
    {
        var result = VerifyWithTimestamp(InsideLeafValidity.AddDays(1));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("lies outside the signing certificate's validity", result.Message);
    }

    [Fact]
    public void Timestamp_over_other_bytes_is_invalid()
    {
        var result = VerifyWithTimestamp(InsideLeafValidity, imprintOf: [1, 2, 3]);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("does not verify over the bundle's signature", result.Message);
    }

    public void Dispose()
    {
        ca.Dispose();
        tsa.Dispose();
        caKey.Dispose();
        tsaKey.Dispose();
    }

    private SignatureVerification VerifyWithTimestamp(DateTimeOffset time, byte[]? imprintOf = null)
    {
        using var copy = VectorCopy.Of(Vector);
        var bundle = copy.ReadBundle();
        var signature = Convert.FromBase64String((string)bundle["dsseEnvelope"]!["signatures"]![0]!["sig"]!);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"] = new JsonArray(
            new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(TimeStampResponse(imprintOf ?? signature, time)) });
        File.WriteAllText(copy.Bundle, bundle.ToJsonString());

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(OmsVector.OmsRoot, "trust", "custom_trust_config.json")))!;
        config["trustedRoot"]!["timestampAuthorities"] = new JsonArray(new JsonObject
        {
            ["subject"] = new JsonObject { ["commonName"] = "test-tsa" },
            ["certChain"] = new JsonObject
            {
                ["certificates"] = new JsonArray(
                    new JsonObject { ["rawBytes"] = Convert.ToBase64String(tsa.RawData) },
                    new JsonObject { ["rawBytes"] = Convert.ToBase64String(ca.RawData) }),
            },
            ["validFor"] = new JsonObject { ["start"] = "2020-01-01T00:00:00Z" },
        });
        var trustRoot = Path.Combine(TestPaths.NewTempDirectory(), "trust.json");
        File.WriteAllText(trustRoot, config.ToJsonString());
        var policy = OmsVector.Named(Vector).Policy();
        policy.Models.Signing.TrustRoot = trustRoot;

        return ModelSignatureVerifier.Verify(copy.Folder, policy);
    }

    /// <summary>TimeStampResp { status granted, timeStampToken } as Sigstore stores it.</summary>
    private byte[] TimeStampResponse(byte[] stamped, DateTimeOffset time)
    {
        var tstInfo = new AsnWriter(AsnEncodingRules.DER);
        using (tstInfo.PushSequence())
        {
            tstInfo.WriteInteger(1);
            tstInfo.WriteObjectIdentifier("1.3.6.1.4.1.57264.2");
            using (tstInfo.PushSequence())
            {
                using (tstInfo.PushSequence())
                {
                    tstInfo.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1"); // sha256
                }

                tstInfo.WriteOctetString(SHA256.HashData(stamped));
            }

            tstInfo.WriteInteger(42);
            tstInfo.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }

        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), tstInfo.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, tsa) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", SigningCertificateV2(tsa)));
        cms.ComputeSignature(signer);

        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            using (response.PushSequence())
            {
                response.WriteInteger(0); // granted
            }

            response.WriteEncodedValue(cms.Encode());
        }

        return response.Encode();
    }

    /// <summary>SigningCertificateV2 { certs { ESSCertIDv2 { certHash (sha256, the default algorithm) } } } (RFC 5035).</summary>
    private static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return writer.Encode();
    }
}
