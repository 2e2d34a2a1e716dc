using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using static TrustCheck.Core.Provenance.ModelSigning.JsonFields;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>
/// Offline checks of a Rekor entry carried in a bundle: the signed entry timestamp (SET), the Merkle inclusion proof
/// and its signed checkpoint, and that the logged entry is this envelope signed by this certificate.
/// </summary>
internal static class RekorEntryVerifier
{
    /// <summary>Verifies the entry and returns the log it was found in; the entry's integratedTime is then trusted.</summary>
    public static TrustedLog Verify(TlogEntry entry, SigstoreTrustedRoot root, DsseEnvelope envelope, byte[] leafDer, List<string> notChecked)
    {
        var log = root.Tlogs.FirstOrDefault(t => t.LogId.AsSpan().SequenceEqual(entry.LogKeyId))
            ?? throw new SignatureCheckFailedException(
                $"the transparency log entry names log id {Convert.ToBase64String(entry.LogKeyId)}, which is not a tlog in the trust root");
        var integrated = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
        if (!log.ValidFor.Contains(integrated))
        {
            throw new SignatureCheckFailedException($"the log key of {log.BaseUrl} was not valid at the entry's integratedTime {integrated:u}");
        }

        using var logKey = PemFiles.ImportEcdsa(log.PublicKeySpki, $"the trust root key of {log.BaseUrl}");
        if (entry.SignedEntryTimestamp is null)
        {
            throw new SignatureCheckFailedException(
                "the transparency log entry has no signed entry timestamp (inclusionPromise), so the signing time cannot be established offline");
        }

        if (!EcdsaVerification.Verify(logKey, SignedEntryTimestampPayload(entry), entry.SignedEntryTimestamp))
        {
            throw new SignatureCheckFailedException($"the Rekor signed entry timestamp does not verify with the {log.BaseUrl} key in the trust root");
        }

        if (entry.InclusionProof is { } proof)
        {
            VerifyInclusion(entry, proof, log, logKey, notChecked);
        }
        else
        {
            notChecked.Add("Rekor inclusion proof: the bundle carries none (the signed entry timestamp was verified instead)");
        }

        VerifyBodyMatches(entry, envelope, leafDer);
        return log;
    }

    /// <summary>The SET signs the RFC 8785 canonical JSON of body, integratedTime, logID (hex) and logIndex.</summary>
    internal static byte[] SignedEntryTimestampPayload(TlogEntry entry) =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"body\":\"{entry.CanonicalizedBodyBase64}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{Convert.ToHexStringLower(entry.LogKeyId)}\",\"logIndex\":{entry.LogIndex}}}"));

    private static void VerifyInclusion(TlogEntry entry, InclusionProof proof, TrustedLog log, ECDsa logKey, List<string> notChecked)
    {
        var leafHash = SHA256.HashData([0, .. entry.CanonicalizedBody]);
        var computed = MerkleInclusion.RootFromProof(proof.LogIndex, proof.TreeSize, leafHash, proof.Hashes)
            ?? throw new SignatureCheckFailedException("the Rekor inclusion proof is malformed (index, tree size and hash count disagree)");
        if (!computed.AsSpan().SequenceEqual(proof.RootHash))
        {
            throw new SignatureCheckFailedException("the Rekor inclusion proof does not lead to the stated root hash: the log entry is not the one that was logged");
        }

        if (proof.Checkpoint is null)
        {
            notChecked.Add("Rekor checkpoint: the inclusion proof has no signed checkpoint, so its root hash is not signed by the log");
            return;
        }

        var checkpoint = SignedNote.Parse(proof.Checkpoint);
        if (!checkpoint.VerifyWith(logKey, log.LogId))
        {
            throw new SignatureCheckFailedException($"the Rekor checkpoint signature does not verify with the {log.BaseUrl} key in the trust root");
        }

        if (checkpoint.TreeSize != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
        {
            throw new SignatureCheckFailedException("the Rekor checkpoint names a different tree size or root hash than the inclusion proof");
        }

        notChecked.Add("Rekor log consistency: the entry is proven included in a checkpoint signed by the log, but that checkpoint was not compared with the live log (offline)");
    }

    /// <summary>The logged dsse entry must be this payload and this signature by this certificate, or the SET proves nothing about the bundle.</summary>
    private static void VerifyBodyMatches(TlogEntry entry, DsseEnvelope envelope, byte[] leafDer)
    {
        using var document = Parse(entry.CanonicalizedBody, "the transparency log entry body");
        var body = document.RootElement;
        var kind = RequireString(body, "kind", "tlogEntry.body");
        var version = RequireString(body, "apiVersion", "tlogEntry.body");
        if (kind != entry.Kind || version != entry.KindVersion)
        {
            throw new SignatureCheckFailedException($"the transparency log entry body is {kind} {version} but the bundle says {entry.Kind} {entry.KindVersion}");
        }

        if (kind != "dsse" || version != "0.0.1")
        {
            throw new SignatureCheckFailedException($"transparency log entries of kind {kind} {version} are not supported; OMS bundles log dsse 0.0.1 entries");
        }

        var spec = RequireObject(body, "spec", "tlogEntry.body");
        var payloadHash = RequireObject(spec, "payloadHash", "tlogEntry.body.spec");
        var algorithm = RequireString(payloadHash, "algorithm", "tlogEntry.body.spec.payloadHash");
        var value = RequireString(payloadHash, "value", "tlogEntry.body.spec.payloadHash");
        if (algorithm != "sha256" || !string.Equals(value, Convert.ToHexStringLower(SHA256.HashData(envelope.Payload)), StringComparison.OrdinalIgnoreCase))
        {
            throw new SignatureCheckFailedException("the transparency log entry records a different payload hash than the bundle's DSSE payload");
        }

        var matches = Array(spec, "signatures", "tlogEntry.body.spec", 16).Any(signature =>
            TryBase64(RequireString(signature, "signature", "tlogEntry.body.spec.signatures[]")) is { } sig &&
            sig.AsSpan().SequenceEqual(envelope.Signature) &&
            VerifierCertificate(RequireString(signature, "verifier", "tlogEntry.body.spec.signatures[]")) is { } der &&
            der.AsSpan().SequenceEqual(leafDer));
        if (!matches)
        {
            throw new SignatureCheckFailedException("the transparency log entry records a different signature or signing certificate than the bundle");
        }
    }

    private static byte[]? VerifierCertificate(string base64Pem)
    {
        var pem = TryBase64(base64Pem);
        if (pem is null)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(pem);
        return PemEncoding.TryFind(text, out var fields) && text[fields.Label] == "CERTIFICATE"
            ? TryBase64(text[fields.Base64Data])
            : null;
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static X509Certificate2 LoadLeaf(byte[] der) => X509CertificateLoader.LoadCertificate(der);
}
