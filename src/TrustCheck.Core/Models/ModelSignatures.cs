using TrustCheck.Core.Provenance;
using TrustCheck.Core.Provenance.ModelSigning;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>OpenSSF model signing state of one model (folder with model.sig, or file with &lt;file&gt;.sig): TC3006 / TC3007.</summary>
internal static class ModelSignatures
{
    /// <param name="hashes">The stage's hash cache: the verifier compares file digests without reading the weights a second time.</param>
    public static void Check(CheckContext context, string fullPath, string subject, ModelProvenanceReport provenance, HashCache hashes)
    {
        SignatureVerification verification;
        try
        {
            verification = ModelSignatureVerifier.Verify(fullPath, context.Policy, file => hashes.GetSha256(new FileInfo(file)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Findings.Add(RuleIds.InternalError, subject,
                $"{subject}: internal error while verifying the model signature: {ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}. The other checks still ran; please report this.",
                new FindingLocation(subject));
            return;
        }

        var signatureShown = verification.SignaturePath is null ? subject : context.DisplayPath(verification.SignaturePath);
        provenance.Signed = verification.Status == SignatureStatus.Valid;
        provenance.SignatureNote = verification.NotChecked.Count > 0 ? "not checked offline: " + string.Join("; ", verification.NotChecked) : null;
        switch (verification.Status)
        {
            case SignatureStatus.Valid:
                provenance.Signature = verification.NotChecked.Count > 0 ? "partial" : "valid";
                break;
            case SignatureStatus.Invalid:
                provenance.Signature = "invalid";
                context.Findings.Add(RuleIds.ModelSignatureInvalid, subject,
                    $"{subject}: the model signature {signatureShown} does not verify: {verification.Message}. The files may have been changed after signing, "
                    + "or signed by someone else. Get the model again from its publisher, or check models.signing in trustcheck.json names the right key or identity.",
                    new FindingLocation(signatureShown));
                break;
            case SignatureStatus.Unverified:
                // Signed and self-consistent, but the policy has no key / CA / trust root for its method: TC3007, not TC3006.
                provenance.Signature = "unverified";
                context.Findings.Add(RuleIds.ModelSignatureMissing, subject,
                    $"{subject}: the model signature {signatureShown} was {verification.Message}. "
                    + "Add the publisher's public key, CA or Sigstore trust root and identity to models.signing in trustcheck.json so the signer can be verified.",
                    new FindingLocation(signatureShown), severity: context.Policy.Models.RequireSignature ? RuleSeverity.Warning : null);
                break;
            default:
                provenance.Signature = "missing";
                var severity = context.Policy.Models.RequireSignature ? RuleSeverity.Warning : (RuleSeverity?)null;
                var expected = Directory.Exists(fullPath) ? "no model.sig in the folder" : $"no {Path.GetFileName(fullPath)}.sig beside the file";
                context.Findings.Add(RuleIds.ModelSignatureMissing, subject,
                    $"{subject} has no model signature ({expected}), so its publisher cannot be verified. "
                    + "Prefer models signed with OpenSSF model signing, or sign the reviewed files yourself ('model_signing sign').",
                    new FindingLocation(subject), severity: severity);
                break;
        }
    }
}
