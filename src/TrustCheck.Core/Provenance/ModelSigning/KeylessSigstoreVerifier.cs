using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>
/// Keyless (Fulcio + Rekor) bundles, offline against a trusted root: the Rekor entry (SET, inclusion proof, checkpoint)
/// fixes the signing time, the leaf chains to a Fulcio CA at that time, and the leaf identity matches the policy.
/// </summary>
internal static class KeylessSigstoreVerifier
{
    public static ECDsa Verify(SigstoreBundle bundle, X509Certificate2 leaf, SigstoreTrustedRoot root, SigningPolicy policy, List<string> notChecked, out string signer)
    {
        if (bundle.Material.TlogEntries.Count == 0)
        {
            throw new SignatureCheckFailedException(
                "the keyless bundle has no transparency log entry, so nothing proves the short-lived certificate was valid when it signed");
        }

        var entry = bundle.Material.TlogEntries[0];
        RekorEntryVerifier.Verify(entry, root, bundle.Envelope, leaf.RawData, notChecked);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);

        var chainProblems = new List<string>();
        X509Certificate2? issuer = null;
        foreach (var authority in root.CertificateAuthorities.Where(a => a.ValidFor.Contains(signedAt)))
        {
            var certificates = SigstoreTrustedRoot.Certificates(authority);
            var problem = CertificateChainValidator.Validate(leaf, certificates.SkipLast(1), certificates.TakeLast(1), signedAt);
            if (problem is null)
            {
                issuer = certificates.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData))
                    ?? throw new SignatureCheckFailedException($"the Fulcio CA chain of {authority.Uri} holds no certificate named '{leaf.Issuer}'");
                break;
            }

            chainProblems.Add($"{authority.Uri}: {problem}");
        }

        if (issuer is null)
        {
            throw new SignatureCheckFailedException(
                $"the signing certificate '{leaf.Subject}' does not chain to a Fulcio CA of the trust root that was valid at {signedAt:u}" +
                (chainProblems.Count > 0 ? $" ({string.Join("; ", chainProblems)})" : " (no CA covers that time)"));
        }

        if (!CertificateChainValidator.HasExtendedKeyUsage(leaf, CertificateChainValidator.CodeSigningEku))
        {
            throw new SignatureCheckFailedException("the Fulcio certificate is not issued for code signing");
        }

        var identity = FulcioIdentity.Of(leaf);
        signer = identity.ToString();
        if (policy.SigstoreIdentities.Count > 0)
        {
            var allowed = policy.SigstoreIdentities.Any(expected =>
                identity.Issuer == expected.Issuer && identity.SubjectAlternativeNames.Contains(expected.Identity, StringComparer.Ordinal));
            if (!allowed)
            {
                throw new SignatureCheckFailedException(
                    $"the model was signed by {identity}, which is not in models.signing.sigstoreIdentities");
            }
        }
        else
        {
            notChecked.Add($"signer identity: the policy lists no models.signing.sigstoreIdentities, so any Sigstore identity is accepted (this one is {identity})");
        }

        if (CertificateTransparency.VerifyEmbeddedScts(leaf, issuer, root.CtLogs) == 0)
        {
            notChecked.Add("certificate transparency: the Fulcio certificate embeds no SCT, so its issuance is not proven logged");
        }

        TimestampVerifier.Verify(bundle.Material.Rfc3161Timestamps, bundle.Envelope.Signature, leaf, root, notChecked);

        if (bundle.Material.TlogEntries.Count > 1)
        {
            notChecked.Add($"transparency log entries after the first ({bundle.Material.TlogEntries.Count - 1}): not verified");
        }

        return EcdsaVerification.KeyOf(leaf, "Fulcio signing");
    }
}
