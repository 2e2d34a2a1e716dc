using System.Text.Json;
using static TrustCheck.Core.Provenance.ModelSigning.JsonFields;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Reads a Sigstore bundle v0.3 JSON file (the OMS <c>model.sig</c>) with size and shape checks.</summary>
internal static class SigstoreBundleReader
{
    public const string BundleMediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public static SigstoreBundle ReadFile(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > SigningLimits.MaxBundleBytes)
        {
            throw new SignatureCheckFailedException(
                $"the signature bundle is {length} bytes, over the {SigningLimits.MaxBundleBytes / (1024 * 1024)} MB limit for a Sigstore bundle");
        }

        return Parse(BoundedFile.ReadAllBytes(path, SigningLimits.MaxBundleBytes, "the signature bundle"));
    }

    public static SigstoreBundle Parse(byte[] utf8)
    {
        using var document = JsonFields.Parse(utf8, "the signature bundle");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureCheckFailedException("the signature bundle is not a JSON object");
        }

        var mediaType = RequireString(root, "mediaType", "bundle");
        if (mediaType != BundleMediaTypeV03)
        {
            throw new SignatureCheckFailedException(
                $"bundle.mediaType is '{mediaType}'; OMS signatures are Sigstore bundles of type {BundleMediaTypeV03}");
        }

        var material = ReadMaterial(RequireObject(root, "verificationMaterial", "bundle"));
        var envelope = ReadEnvelope(RequireObject(root, "dsseEnvelope", "bundle"));
        return new SigstoreBundle(mediaType, material, envelope);
    }

    private static BundleVerificationMaterial ReadMaterial(JsonElement material)
    {
        const string path = "bundle.verificationMaterial";
        var publicKey = OptionalObject(material, "publicKey", path);
        byte[]? keyBytes = null;
        string? hint = null;
        if (publicKey is { } key)
        {
            keyBytes = OptionalBase64(key, "rawBytes", path + ".publicKey");
            hint = OptionalString(key, "hint", path + ".publicKey");
        }

        var chain = new List<byte[]>();
        if (OptionalObject(material, "x509CertificateChain", path) is { } chainObject)
        {
            foreach (var certificate in Array(chainObject, "certificates", path + ".x509CertificateChain", SigningLimits.MaxCertificatesInBundle))
            {
                chain.Add(RequireBase64(certificate, "rawBytes", path + ".x509CertificateChain.certificates[]"));
            }

            if (chain.Count == 0)
            {
                throw new SignatureCheckFailedException(path + ".x509CertificateChain has no certificates");
            }
        }

        byte[]? leaf = null;
        if (OptionalObject(material, "certificate", path) is { } certificateObject)
        {
            leaf = RequireBase64(certificateObject, "rawBytes", path + ".certificate");
        }

        var entries = new List<TlogEntry>();
        foreach (var entry in Array(material, "tlogEntries", path, SigningLimits.MaxTlogEntries, required: false))
        {
            entries.Add(ReadTlogEntry(entry));
        }

        var timestamps = new List<byte[]>();
        if (OptionalObject(material, "timestampVerificationData", path) is { } timestampData)
        {
            foreach (var timestamp in Array(timestampData, "rfc3161Timestamps", path + ".timestampVerificationData", SigningLimits.MaxTlogEntries, required: false))
            {
                timestamps.Add(RequireBase64(timestamp, "signedTimestamp", path + ".timestampVerificationData.rfc3161Timestamps[]"));
            }
        }

        var kinds = (publicKey is null ? 0 : 1) + (chain.Count == 0 ? 0 : 1) + (leaf is null ? 0 : 1);
        if (kinds != 1)
        {
            throw new SignatureCheckFailedException(
                $"{path} must hold exactly one of publicKey, x509CertificateChain or certificate (found {kinds})");
        }

        return new BundleVerificationMaterial(publicKey is not null, keyBytes, hint, chain, leaf, entries, timestamps);
    }

    private static TlogEntry ReadTlogEntry(JsonElement entry)
    {
        const string path = "bundle.verificationMaterial.tlogEntries[]";
        var logId = RequireObject(entry, "logId", path);
        var kindVersion = RequireObject(entry, "kindVersion", path);
        byte[]? set = null;
        if (OptionalObject(entry, "inclusionPromise", path) is { } promise)
        {
            set = RequireBase64(promise, "signedEntryTimestamp", path + ".inclusionPromise");
        }

        InclusionProof? proof = null;
        if (OptionalObject(entry, "inclusionProof", path) is { } proofObject)
        {
            var hashes = new List<byte[]>();
            foreach (var hash in Array(proofObject, "hashes", path + ".inclusionProof", SigningLimits.MaxInclusionProofHashes))
            {
                if (hash.ValueKind != JsonValueKind.String || !TryBase64(hash.GetString()!, out var bytes))
                {
                    throw new SignatureCheckFailedException(path + ".inclusionProof.hashes[] is not a base64 string");
                }

                hashes.Add(bytes);
            }

            string? checkpoint = null;
            if (OptionalObject(proofObject, "checkpoint", path + ".inclusionProof") is { } checkpointObject)
            {
                checkpoint = OptionalString(checkpointObject, "envelope", path + ".inclusionProof.checkpoint");
            }

            proof = new InclusionProof(
                RequireInt64(proofObject, "logIndex", path + ".inclusionProof"),
                RequireInt64(proofObject, "treeSize", path + ".inclusionProof"),
                RequireBase64(proofObject, "rootHash", path + ".inclusionProof"),
                hashes,
                checkpoint);
        }

        var bodyBase64 = RequireString(entry, "canonicalizedBody", path);
        if (!TryBase64(bodyBase64, out var body))
        {
            throw new SignatureCheckFailedException(path + ".canonicalizedBody is not valid base64");
        }

        return new TlogEntry(
            RequireInt64(entry, "logIndex", path),
            RequireBase64(logId, "keyId", path + ".logId"),
            RequireString(kindVersion, "kind", path + ".kindVersion"),
            RequireString(kindVersion, "version", path + ".kindVersion"),
            RequireInt64(entry, "integratedTime", path),
            set,
            proof,
            bodyBase64,
            body);
    }

    private static DsseEnvelope ReadEnvelope(JsonElement envelope)
    {
        const string path = "bundle.dsseEnvelope";
        var payloadType = RequireString(envelope, "payloadType", path);
        if (payloadType != InTotoPayloadType)
        {
            throw new SignatureCheckFailedException(
                $"{path}.payloadType is '{payloadType}'; OMS signs an in-toto statement ({InTotoPayloadType})");
        }

        var payload = RequireBase64(envelope, "payload", path);
        var signatures = Array(envelope, "signatures", path, maxItems: 16).ToList();
        if (signatures.Count != 1)
        {
            throw new SignatureCheckFailedException(
                $"{path}.signatures has {signatures.Count} entries; an OMS bundle carries exactly one signature");
        }

        var signature = RequireBase64(signatures[0], "sig", path + ".signatures[0]");
        if (signature.Length == 0)
        {
            throw new SignatureCheckFailedException(path + ".signatures[0].sig is empty");
        }

        return new DsseEnvelope(payload, payloadType, signature);
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
