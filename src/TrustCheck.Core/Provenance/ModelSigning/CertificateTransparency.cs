using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>
/// RFC 6962 embedded SCTs of a Fulcio certificate: each SCT signs the precertificate (the leaf's TBSCertificate without
/// the SCT extension) together with the issuer key hash; it must verify with a CT log key of the trust root.
/// </summary>
internal static class CertificateTransparency
{
    public const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>How many SCTs verified; throws when one names an unknown log or does not verify; 0 when the leaf has none.</summary>
    public static int VerifyEmbeddedScts(X509Certificate2 leaf, X509Certificate2 issuer, IReadOnlyList<TrustedLog> ctLogs)
    {
        var extension = leaf.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == SctListOid);
        if (extension is null)
        {
            return 0;
        }

        var scts = ParseSctList(new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadOctetString());
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        var tbs = PrecertificateTbs(leaf.RawData);
        foreach (var sct in scts)
        {
            var log = ctLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(sct.LogId))
                ?? throw new SignatureCheckFailedException(
                    $"the Fulcio certificate's SCT names CT log {Convert.ToBase64String(sct.LogId)}, which is not in the trust root");
            if (sct.HashAlgorithm != 4 || sct.SignatureAlgorithm != 3)
            {
                throw new SignatureCheckFailedException($"the Fulcio certificate's SCT uses an unsupported signature (hash {sct.HashAlgorithm}, algorithm {sct.SignatureAlgorithm}); expected ECDSA/SHA-256");
            }

            using var key = PemFiles.ImportEcdsa(log.PublicKeySpki, $"the CT log key of {log.BaseUrl}");
            if (!EcdsaVerification.Verify(key, SignedData(sct, issuerKeyHash, tbs), sct.Signature, HashAlgorithmName.SHA256))
            {
                throw new SignatureCheckFailedException($"the Fulcio certificate's SCT does not verify with the {log.BaseUrl} CT log key in the trust root");
            }
        }

        return scts.Count;
    }

    private sealed record Sct(byte[] LogId, ulong Timestamp, byte[] Extensions, byte HashAlgorithm, byte SignatureAlgorithm, byte[] Signature);

    /// <summary>The TLS-encoded SignedCertificateTimestampList: u16 total, then u16-prefixed SCTs.</summary>
    private static List<Sct> ParseSctList(ReadOnlySpan<byte> list)
    {
        var reader = new TlsReader(list.ToArray());
        var all = reader.Vector(2);
        var scts = new List<Sct>();
        while (!all.AtEnd)
        {
            var item = all.Vector(2);
            if (item.Byte() != 0)
            {
                throw new SignatureCheckFailedException("the Fulcio certificate holds an SCT of an unknown version");
            }

            var logId = item.Bytes(32);
            var timestamp = BinaryPrimitives.ReadUInt64BigEndian(item.Bytes(8));
            var extensions = item.Vector(2).Rest();
            var hash = item.Byte();
            var algorithm = item.Byte();
            var signature = item.Vector(2).Rest();
            scts.Add(new Sct(logId, timestamp, extensions, hash, algorithm, signature));
            if (scts.Count > 16)
            {
                throw new SignatureCheckFailedException("the Fulcio certificate holds more than 16 SCTs");
            }
        }

        return scts;
    }

    /// <summary>RFC 6962 §3.2 digitally-signed struct for a precert_entry.</summary>
    private static byte[] SignedData(Sct sct, byte[] issuerKeyHash, byte[] tbs)
    {
        var data = new List<byte>(tbs.Length + 64) { 0, 0 }; // version v1, signature_type certificate_timestamp
        Span<byte> timestamp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(timestamp, sct.Timestamp);
        data.AddRange(timestamp.ToArray());
        data.AddRange([0, 1]); // entry_type precert_entry
        data.AddRange(issuerKeyHash);
        data.AddRange([(byte)(tbs.Length >> 16), (byte)(tbs.Length >> 8), (byte)tbs.Length]);
        data.AddRange(tbs);
        data.AddRange([(byte)(sct.Extensions.Length >> 8), (byte)sct.Extensions.Length]);
        data.AddRange(sct.Extensions);
        return [.. data];
    }

    /// <summary>The leaf's TBSCertificate re-encoded without the SCT list extension: what the CT log signed.</summary>
    internal static byte[] PrecertificateTbs(byte[] certificateDer)
    {
        var certificate = new AsnReader(certificateDer, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            while (tbs.HasData)
            {
                if (tbs.PeekTag() != extensionsTag)
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                using (writer.PushSequence(extensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var encoded = extensions.ReadEncodedValue();
                        var oid = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                        if (oid != SctListOid)
                        {
                            writer.WriteEncodedValue(encoded.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>Bounds-checked reader for TLS presentation-language vectors.</summary>
    private sealed class TlsReader(byte[] data, int start = 0, int end = -1)
    {
        private readonly int limit = end < 0 ? data.Length : end;
        private int position = start;

        public bool AtEnd => position >= limit;

        public byte Byte() => Bytes(1)[0];

        public byte[] Bytes(int count)
        {
            if (count < 0 || limit - position < count)
            {
                throw new SignatureCheckFailedException("the Fulcio certificate's SCT list is truncated");
            }

            var result = data.AsSpan(position, count).ToArray();
            position += count;
            return result;
        }

        public TlsReader Vector(int lengthBytes)
        {
            var length = 0;
            foreach (var b in Bytes(lengthBytes))
            {
                length = (length << 8) | b;
            }

            if (limit - position < length)
            {
                throw new SignatureCheckFailedException("the Fulcio certificate's SCT list is truncated");
            }

            var vector = new TlsReader(data, position, position + length);
            position += length;
            return vector;
        }

        public byte[] Rest() => Bytes(limit - position);
    }
}
