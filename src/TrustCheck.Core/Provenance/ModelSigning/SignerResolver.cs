using System.Security.Cryptography.X509Certificates;
using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Turns the bundle's verification material plus the policy's trust material into the keys to verify with.</summary>
internal static class SignerResolver
{
    public const string KeyMethod = "key";
    public const string CertificateMethod = "certificate";
    public const string SigstoreMethod = "sigstore";

    public static SignerResolution Resolve(SigstoreBundle bundle, TrustCheckPolicy policy, List<string> notChecked)
    {
        var material = bundle.Material;
        if (material.Certificate is null && material.TlogEntries.Count > 0)
        {
            notChecked.Add($"transparency log entries ({material.TlogEntries.Count}): only checked for keyless Sigstore signatures");
        }

        if (material.HasPublicKey)
        {
            return ForKey(material, policy);
        }

        if (material.CertificateChain.Count > 0)
        {
            return ForCertificateChain(material, policy, notChecked);
        }

        return ForKeyless(bundle, policy, notChecked);
    }

    private static SignerResolution ForKey(BundleVerificationMaterial material, TrustCheckPolicy policy)
    {
        var signing = policy.Models.Signing;
        if (signing.PublicKeys.Count == 0)
        {
            var reason = "the model is signed with a public key, but models.signing.publicKeys is empty, so the signer is not trusted";
            if (material.PublicKeyRawBytes is null)
            {
                return new SignerResolution(KeyMethod, [], HintText(material), reason);
            }

            var spki = PemFiles.SubjectPublicKeyInfoFromBundle(material.PublicKeyRawBytes);
            var embedded = PemFiles.ImportEcdsa(spki, "bundle.verificationMaterial.publicKey.rawBytes");
            return new SignerResolution(KeyMethod, [new CandidateKey(embedded, "the key embedded in the bundle", true)], $"key {PemFiles.HintFor(spki)}", reason);
        }

        var keys = signing.PublicKeys
            .Select(entry => PemFiles.LoadPublicKey(policy.ResolvePath(entry), "models.signing.publicKeys"))
            .OrderByDescending(k => k.Hint == material.PublicKeyHint)
            .Select(k => new CandidateKey(k.Key, $"key {k.Hint} ('{k.SourcePath}')", k.Hint == material.PublicKeyHint))
            .ToList();
        return new SignerResolution(KeyMethod, keys, HintText(material), null);
    }

    private static SignerResolution ForCertificateChain(BundleVerificationMaterial material, TrustCheckPolicy policy, List<string> notChecked)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(material.CertificateChain[0]);
        var name = $"signing certificate '{leaf.Subject}' (SHA-256 {leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})";
        var signing = policy.Models.Signing;
        if (signing.CertificateChains.Count == 0)
        {
            return new SignerResolution(
                CertificateMethod,
                [new CandidateKey(EcdsaVerification.KeyOf(leaf, "signing"), name, true)],
                name,
                "the model is signed with a certificate, but models.signing.certificateChains is empty, so the issuing CA is not trusted");
        }

        var anchors = signing.CertificateChains
            .SelectMany(entry => PemFiles.LoadCertificates(policy.ResolvePath(entry), "models.signing.certificateChains"))
            .ToList();
        var intermediates = material.CertificateChain.Skip(1).Select(der => X509CertificateLoader.LoadCertificate(der)).ToList();
        try
        {
            // No trusted timestamp exists for certificate bundles: validate at the leaf's notBefore, as model_signing does.
            var at = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var problem = CertificateChainValidator.Validate(leaf, intermediates, anchors, at);
            if (problem is not null)
            {
                throw new SignatureCheckFailedException(
                    $"the {name} does not chain to a CA in models.signing.certificateChains ({problem})");
            }

            if (!CertificateChainValidator.CanSign(leaf))
            {
                throw new SignatureCheckFailedException($"the {name} is not allowed to sign (no digitalSignature key usage or codeSigning extended key usage)");
            }
        }
        finally
        {
            foreach (var certificate in anchors.Concat(intermediates))
            {
                certificate.Dispose();
            }
        }

        notChecked.Add($"signing time: certificate bundles carry no trusted timestamp, so the chain was validated at the leaf's notBefore ({leaf.NotBefore.ToUniversalTime():u}), as model_signing does; expiry after that is not enforced");
        notChecked.Add("revocation: no CRL or OCSP check (offline)");
        return new SignerResolution(CertificateMethod, [new CandidateKey(EcdsaVerification.KeyOf(leaf, "signing"), name, true)], name, null);
    }

    private static SignerResolution ForKeyless(SigstoreBundle bundle, TrustCheckPolicy policy, List<string> notChecked)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(bundle.Material.Certificate!);
        var signing = policy.Models.Signing;
        if (signing.TrustRoot is null)
        {
            var identity = FulcioIdentity.Of(leaf).ToString();
            return new SignerResolution(
                SigstoreMethod,
                [new CandidateKey(EcdsaVerification.KeyOf(leaf, "Fulcio signing"), $"the Fulcio certificate of {identity}", true)],
                identity,
                "the model is signed keyless with Sigstore, but models.signing.trustRoot is not set, so neither the certificate nor the transparency log entry could be checked");
        }

        var root = SigstoreTrustedRoot.Load(policy.ResolvePath(signing.TrustRoot));
        var key = KeylessSigstoreVerifier.Verify(bundle, leaf, root, signing, notChecked, out var signer);
        return new SignerResolution(SigstoreMethod, [new CandidateKey(key, $"the Fulcio certificate of {signer}", true)], signer, null);
    }

    private static string HintText(BundleVerificationMaterial material) =>
        material.PublicKeyHint is { Length: > 0 } hint ? $"key {hint}" : "an unnamed public key";
}
