using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text.Json;
using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>OpenSSF model signing (OMS): Sigstore bundle v0.3 + DSSE + in-toto, verified offline.</summary>
public static class ModelSignatureVerifier
{
    /// <summary>
    /// Verifies the signature of <paramref name="modelPath"/> (a folder with model.sig, or a file with &lt;file&gt;.sig beside it)
    /// against the keys, certificate chains, identities and trust root of <paramref name="policy"/> (paths resolved via the policy).
    /// </summary>
    /// <remarks>
    /// Order: read the bundle (≤ 16 MB), resolve the signer from the policy's trust material (key, certificate chain or
    /// Sigstore trust root), verify the DSSE signature over the exact payload bytes, then compare every file's sha256
    /// with the signed statement. Never throws for bad input: a failing step is <see cref="SignatureStatus.Invalid"/>
    /// with a message naming the step or file.
    /// </remarks>
    public static SignatureVerification Verify(string modelPath, TrustCheckPolicy policy) => Verify(modelPath, policy, null);

    /// <summary>
    /// As <see cref="Verify(string, TrustCheckPolicy)"/>, with the file hashing supplied by the caller (full path →
    /// lowercase hex sha256), so a caller that already hashes model files (lock, hash cache) does not read them twice.
    /// </summary>
    public static SignatureVerification Verify(string modelPath, TrustCheckPolicy policy, Func<string, string>? fileSha256)
    {
        Func<string, string> hasher = fileSha256 is null ? SignedContentComparer.Sha256Of : path => fileSha256(path).ToLowerInvariant();
        var location = SignatureLocation.Find(modelPath);
        if (location is null)
        {
            var expected = Directory.Exists(modelPath) ? $"no {SignatureLocation.FolderSignatureName} in the folder" : $"no {Path.GetFileName(modelPath)}.sig or {SignatureLocation.FolderSignatureName} beside the file";
            return new SignatureVerification(SignatureStatus.Missing, $"not signed: {expected}", null, []);
        }

        var notChecked = new List<string>();
        string? method = null;
        string? signer = null;
        try
        {
            var bundle = SigstoreBundleReader.ReadFile(location.SignaturePath);
            using var resolution = SignerResolver.Resolve(bundle, policy, notChecked);
            method = resolution.Method;
            signer = resolution.Signer;
            var verifiedBy = VerifyDsseSignature(bundle.Envelope, resolution, out var usedV020Compat);
            var manifest = SignedManifest.Parse(bundle.Envelope.Payload);
            if (usedV020Compat && manifest.PredicateType != SignedManifest.PredicateDigestsV01)
            {
                throw new SignatureCheckFailedException(
                    "the signature only verifies in the model_signing v0.2.0 compatibility form, but the statement is not a v0.2.0 statement");
            }

            if (method == SignerResolver.KeyMethod && resolution.Anchored)
            {
                signer = verifiedBy;
            }

            var (signedPath, files) = CompareContent(location, manifest, policy.Models.Signing.IgnorePaths, hasher);
            var result = new SignatureVerification(
                resolution.Anchored ? SignatureStatus.Valid : SignatureStatus.Unverified,
                resolution.Anchored
                    ? $"verified: {method} signature by {signer}; {files} signed file(s) unchanged"
                    : $"not verified against trusted material: {resolution.UntrustedReason}. The {files} signed file(s) match the signed digests" +
                      (verifiedBy is null ? $", but the signature itself could not be checked (the bundle names {signer} without embedding it)" : $" and the signature verifies with {verifiedBy}"),
                location.SignaturePath,
                notChecked)
            {
                Method = method,
                Signer = signer,
                SignedPath = signedPath,
            };
            return result;
        }
        catch (SignatureCheckFailedException ex)
        {
            return Invalid(location, ex.Message, method, signer, notChecked);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException or AsnContentException
                                       or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Invalid(location, $"the signature could not be checked: {ex.Message}", method, signer, notChecked);
        }
    }

    private static SignatureVerification Invalid(SignatureLocation location, string cause, string? method, string? signer, List<string> notChecked) =>
        new(SignatureStatus.Invalid, cause, location.SignaturePath, notChecked) { Method = method, Signer = signer };

    /// <summary>Returns the name of the key that verified, or null when there was nothing to verify with (hint-only key, no policy key).</summary>
    private static string? VerifyDsseSignature(DsseEnvelope envelope, SignerResolution resolution, out bool usedV020Compat)
    {
        usedV020Compat = false;
        if (resolution.Keys.Count == 0)
        {
            return null;
        }

        var pae = DssePae.Encode(envelope.PayloadType, envelope.Payload);
        foreach (var candidate in resolution.Keys)
        {
            if (EcdsaVerification.Verify(candidate.Key, pae, envelope.Signature))
            {
                return candidate.Name;
            }
        }

        var compat = DssePae.EncodeV020Compat(envelope.PayloadType, envelope.Payload);
        foreach (var candidate in resolution.Keys)
        {
            if (EcdsaVerification.Verify(candidate.Key, compat, envelope.Signature, HashAlgorithmName.SHA256))
            {
                usedV020Compat = true;
                return candidate.Name;
            }
        }

        throw new SignatureCheckFailedException(SignatureFailureMessage(resolution));
    }

    private static string SignatureFailureMessage(SignerResolution resolution)
    {
        const string causes = "the signature is corrupt or the payload was changed after signing";
        if (resolution.Method == SignerResolver.KeyMethod && resolution.Anchored)
        {
            var named = resolution.Keys.FirstOrDefault(k => k.NamedByBundle);
            return named is not null
                ? $"the DSSE signature does not verify with {named.Name}, the key the bundle names: {causes}"
                : $"the DSSE signature does not verify with any of the {resolution.Keys.Count} key(s) in models.signing.publicKeys " +
                  $"(the bundle was signed with {resolution.Signer}): wrong key, or {causes}";
        }

        return $"the DSSE signature does not verify with {resolution.Keys[0].Name}: {causes}";
    }

    private static (string SignedPath, int Files) CompareContent(SignatureLocation location, SignedManifest manifest, IReadOnlyList<string> ignorePaths, Func<string, string> sha256Of)
    {
        if (location.File is not null && manifest.IsSingleFile)
        {
            return (location.File, SignedContentComparer.CompareFile(location.File, manifest, sha256Of));
        }

        return (location.Folder, SignedContentComparer.CompareFolder(location.Folder, location.SignaturePath, manifest, ignorePaths, sha256Of));
    }
}
