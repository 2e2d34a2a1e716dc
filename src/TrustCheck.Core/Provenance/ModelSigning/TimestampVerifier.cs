using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>
/// RFC 3161 timestamps in a keyless bundle: each must cover the DSSE signature bytes and be signed validly; it is trusted
/// (and must fall inside the leaf's validity) only when its TSA chains to a timestamp authority of the trust root.
/// </summary>
internal static class TimestampVerifier
{
    public static void Verify(IReadOnlyList<byte[]> timestamps, byte[] signature, X509Certificate2 leaf, SigstoreTrustedRoot root, List<string> notChecked)
    {
        foreach (var encoded in timestamps)
        {
            var tokenBytes = TokenOf(encoded);
            if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out var consumed) || consumed != tokenBytes.Length)
            {
                throw new SignatureCheckFailedException("an RFC 3161 timestamp in the bundle is malformed");
            }

            var time = token.TokenInfo.Timestamp;
            if (!token.VerifySignatureForData(signature, out var tsa) || tsa is null)
            {
                throw new SignatureCheckFailedException(
                    $"the RFC 3161 timestamp of {time:u} does not verify over the bundle's signature (wrong message imprint or a broken TSA signature)");
            }

            var candidates = token.AsSignedCms().Certificates.Cast<X509Certificate2>().ToList();
            var trustedBy = root.TimestampAuthorities
                .Where(a => a.ValidFor.Contains(time))
                .FirstOrDefault(a =>
                {
                    var chain = SigstoreTrustedRoot.Certificates(a);
                    return CertificateChainValidator.Validate(tsa, chain.SkipLast(1).Concat(candidates), chain.TakeLast(1), time) is null;
                });
            if (trustedBy is null)
            {
                notChecked.Add(
                    $"RFC 3161 timestamp of {time:u} by '{tsa.Subject}': its TSA is not among the {root.TimestampAuthorities.Count} timestamp authorit{(root.TimestampAuthorities.Count == 1 ? "y" : "ies")} of the trust root, so it was not trusted (the signing time comes from the Rekor entry instead)");
                continue;
            }

            if (time < leaf.NotBefore.ToUniversalTime() || time > leaf.NotAfter.ToUniversalTime())
            {
                throw new SignatureCheckFailedException(
                    $"the trusted RFC 3161 timestamp {time:u} lies outside the signing certificate's validity ({leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u})");
            }
        }
    }

    /// <summary>Sigstore stores the whole TimeStampResp (RFC 3161 §2.4.2): status, then the token. A bare token is accepted too.</summary>
    private static byte[] TokenOf(byte[] encoded)
    {
        try
        {
            var response = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
            if (response.PeekTag() == Asn1Tag.ObjectIdentifier)
            {
                return encoded; // already a ContentInfo (the token itself)
            }

            var status = response.ReadSequence();
            if (!status.TryReadInt32(out var granted) || granted is not (0 or 1))
            {
                throw new SignatureCheckFailedException("an RFC 3161 timestamp in the bundle was not granted by its TSA");
            }

            return response.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            throw new SignatureCheckFailedException("an RFC 3161 timestamp in the bundle is malformed");
        }
    }
}
