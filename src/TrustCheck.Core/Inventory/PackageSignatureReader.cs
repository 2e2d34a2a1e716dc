using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NuGet.Packaging.Signing;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Inventory;

/// <summary>
/// Who signed a package, from its .signature.p7s (a CMS SignedData, NuGet signature spec). The fast path walks the
/// DER with <see cref="AsnReader"/>: the signer's commitment type (author = proof of origin, repository = proof of
/// receipt), the repository countersignature, and the signer certificate's subject and SHA-256 fingerprint.
/// NuGet's <see cref="PrimarySignature"/> stays the fallback for anything the fast path does not recognise, and the
/// tests check the fast path against it on every restored signature. Nothing is verified (no chain, no revocation).
/// Why not NuGet's decoder alone (measured with ReadyToRun images, 2026-11, `trustcheck check samples/ModelApp`,
/// 44 packages, 44 signatures, 2 cores, load average ~15–24; see benchmarks/cli/README.md):
/// <list type="bullet">
/// <item>PrimarySignature.Load: ~1.6 ms per signature once warm (it checks the signing-certificate attributes) plus
/// ~0.8 ms per SignerInfo.Certificate (X509Certificate2 for every certificate) and ~40 ms of first-call start-up;
/// whole process user+sys 330–400 ms against 130–150 ms with this reader, wall median 630–930 ms against 270–350 ms.</item>
/// <item>Plain SignedCms.Decode + AttributeUtility.GetSignatureType (0.1 ms) + SignerInfo.Certificate: still 270 ms
/// user+sys against 170 ms, because of the certificate objects.</item>
/// </list>
/// </summary>
public static class PackageSignatureReader
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string CommitmentTypeIndicationOid = "1.2.840.113549.1.9.16.2.16";
    private const string ProofOfOriginOid = "1.2.840.113549.1.9.16.6.1";
    private const string ProofOfReceiptOid = "1.2.840.113549.1.9.16.6.2";
    private const string CounterSignatureOid = "1.2.840.113549.1.9.6";
    private const string SubjectKeyIdentifierOid = "2.5.29.14";

    private static readonly Asn1Tag ContextZero = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ContextOne = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>Throws (any exception) when the bytes are not a NuGet package signature.</summary>
    public static SignatureReport Read(byte[] p7s)
    {
        try
        {
            return ReadFast(p7s) ?? ReadWithNuGet(p7s);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            return ReadWithNuGet(p7s);
        }
    }

    /// <summary>NuGet's own decoder: slower, authoritative.</summary>
    public static SignatureReport ReadWithNuGet(byte[] p7s)
    {
        var report = new SignatureReport();
        var signature = PrimarySignature.Load(p7s);
        if (signature.Type == SignatureType.Author)
        {
            report.Author = true;
            (report.AuthorSigner, report.AuthorFingerprint) = Describe(signature.SignerInfo.Certificate);
            if (RepositoryCountersignature.GetRepositoryCountersignature(signature) is { } countersignature)
            {
                report.Repository = true;
                (report.RepositorySigner, report.RepositoryFingerprint) = Describe(countersignature.SignerInfo.Certificate);
            }
        }
        else if (signature.Type == SignatureType.Repository)
        {
            report.Repository = true;
            (report.RepositorySigner, report.RepositoryFingerprint) = Describe(signature.SignerInfo.Certificate);
        }

        return report;
    }

    /// <summary>Null when the structure is valid CMS but something is not recognised (no commitment type, signer certificate not found).</summary>
    private static SignatureReport? ReadFast(byte[] p7s)
    {
        var contentInfo = new AsnReader(p7s, AsnEncodingRules.BER).ReadSequence();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
        {
            throw new AsnContentException("not a CMS SignedData");
        }

        var signedData = contentInfo.ReadSequence(ContextZero).ReadSequence();
        signedData.ReadInteger(); // version
        signedData.ReadSetOf(); // digestAlgorithms
        signedData.ReadSequence(); // encapContentInfo

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(ContextZero))
        {
            var set = signedData.ReadSetOf(ContextZero);
            while (set.HasData)
            {
                certificates.Add(set.ReadEncodedValue());
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(ContextOne))
        {
            signedData.ReadEncodedValue(); // crls
        }

        var signerInfos = signedData.ReadSetOf();
        var primary = ReadSignerInfo(signerInfos.ReadSequence(), certificates);
        if (primary is null)
        {
            return null;
        }

        var report = new SignatureReport();
        if (primary.Commitment == ProofOfOriginOid)
        {
            report.Author = true;
            (report.AuthorSigner, report.AuthorFingerprint) = (primary.Subject, primary.Fingerprint);
            var repository = primary.Countersigners.FirstOrDefault(c => c.Commitment == ProofOfReceiptOid);
            if (repository is not null)
            {
                report.Repository = true;
                (report.RepositorySigner, report.RepositoryFingerprint) = (repository.Subject, repository.Fingerprint);
            }
        }
        else if (primary.Commitment == ProofOfReceiptOid)
        {
            report.Repository = true;
            (report.RepositorySigner, report.RepositoryFingerprint) = (primary.Subject, primary.Fingerprint);
        }
        else
        {
            return null; // No commitment type: let NuGet decide what it is.
        }

        return report;
    }

    private sealed record Signer(string? Commitment, string Subject, string Fingerprint, IReadOnlyList<Signer> Countersigners);

    private static Signer? ReadSignerInfo(AsnReader signerInfo, List<ReadOnlyMemory<byte>> certificates)
    {
        signerInfo.ReadInteger(); // version
        Func<ReadOnlyMemory<byte>, bool> isSigner;
        if (signerInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signerInfo.ReadSequence();
            var issuer = issuerAndSerial.ReadEncodedValue();
            var serial = issuerAndSerial.ReadIntegerBytes();
            isSigner = certificate => HasIssuerAndSerial(certificate, issuer.Span, serial.Span);
        }
        else
        {
            var keyIdentifier = signerInfo.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
            isSigner = certificate => HasSubjectKeyIdentifier(certificate, keyIdentifier);
        }

        signerInfo.ReadSequence(); // digestAlgorithm

        string? commitment = null;
        if (signerInfo.PeekTag().HasSameClassAndValue(ContextZero))
        {
            var attributes = signerInfo.ReadSetOf(ContextZero);
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var values = attribute.ReadSetOf();
                if (type == CommitmentTypeIndicationOid)
                {
                    commitment = values.ReadSequence().ReadObjectIdentifier();
                }
            }
        }

        signerInfo.ReadSequence(); // signatureAlgorithm
        signerInfo.ReadOctetString(); // signature

        var countersigners = new List<Signer>();
        if (signerInfo.HasData && signerInfo.PeekTag().HasSameClassAndValue(ContextOne))
        {
            var attributes = signerInfo.ReadSetOf(ContextOne);
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var values = attribute.ReadSetOf();
                while (type == CounterSignatureOid && values.HasData)
                {
                    if (ReadSignerInfo(values.ReadSequence(), certificates) is { } countersigner)
                    {
                        countersigners.Add(countersigner);
                    }
                }
            }
        }

        foreach (var certificate in certificates)
        {
            if (isSigner(certificate))
            {
                return new Signer(commitment, SubjectOf(certificate), Convert.ToHexString(SHA256.HashData(certificate.Span)), countersigners);
            }
        }

        return null;
    }

    private static bool HasIssuerAndSerial(ReadOnlyMemory<byte> certificate, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> serial)
    {
        var tbs = TbsCertificate(certificate);
        var certificateSerial = tbs.ReadIntegerBytes();
        tbs.ReadSequence(); // signature algorithm
        var certificateIssuer = tbs.ReadEncodedValue();
        return certificateSerial.Span.SequenceEqual(serial) && certificateIssuer.Span.SequenceEqual(issuer);
    }

    /// <summary>True when the certificate's subjectKeyIdentifier extension equals <paramref name="keyIdentifier"/>.</summary>
    private static bool HasSubjectKeyIdentifier(ReadOnlyMemory<byte> certificate, byte[] keyIdentifier)
    {
        var tbs = TbsCertificate(certificate);
        tbs.ReadIntegerBytes(); // serial
        tbs.ReadSequence(); // signature algorithm
        tbs.ReadEncodedValue(); // issuer
        tbs.ReadSequence(); // validity
        tbs.ReadEncodedValue(); // subject
        tbs.ReadSequence(); // subjectPublicKeyInfo
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        while (tbs.HasData)
        {
            if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag))
            {
                tbs.ReadEncodedValue(); // issuerUniqueID / subjectUniqueID
                continue;
            }

            var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                if (extension.ReadObjectIdentifier() != SubjectKeyIdentifierOid)
                {
                    continue;
                }

                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    extension.ReadBoolean();
                }

                var value = new AsnReader(extension.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
                return value.AsSpan().SequenceEqual(keyIdentifier);
            }
        }

        return false;
    }

    private static string SubjectOf(ReadOnlyMemory<byte> certificate)
    {
        var tbs = TbsCertificate(certificate);
        tbs.ReadIntegerBytes(); // serial
        tbs.ReadSequence(); // signature algorithm
        tbs.ReadEncodedValue(); // issuer
        tbs.ReadSequence(); // validity
        return new X500DistinguishedName(tbs.ReadEncodedValue().Span).Name;
    }

    /// <summary>A reader positioned at the serial number of the certificate's TBSCertificate.</summary>
    private static AsnReader TbsCertificate(ReadOnlyMemory<byte> certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue(); // [0] version
        }

        return tbs;
    }

    private static (string? Subject, string? Fingerprint) Describe(X509Certificate2? certificate) =>
        certificate is null ? (null, null) : (certificate.Subject, Convert.ToHexString(SHA256.HashData(certificate.RawData)));
}
