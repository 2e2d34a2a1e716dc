using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Who a Fulcio certificate was issued to: its SAN (email or URI) and the OIDC issuer extension.</summary>
internal sealed record FulcioIdentity(IReadOnlyList<string> SubjectAlternativeNames, string? Issuer)
{
    /// <summary>OIDC issuer, v2: DER UTF8String.</summary>
    public const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";

    /// <summary>OIDC issuer, v1 (deprecated): the raw string bytes.</summary>
    public const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";

    private const string SubjectAlternativeNameOid = "2.5.29.17";

    public override string ToString() =>
        $"{(SubjectAlternativeNames.Count == 0 ? "(no SAN)" : string.Join(", ", SubjectAlternativeNames))} (issuer {Issuer ?? "unknown"})";

    public static FulcioIdentity Of(X509Certificate2 certificate)
    {
        var names = new List<string>();
        string? issuerV1 = null;
        string? issuerV2 = null;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension.Oid?.Value)
            {
                case SubjectAlternativeNameOid:
                    names.AddRange(ReadNames(extension.RawData));
                    break;
                case IssuerV2Oid:
                    issuerV2 = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
                    break;
                case IssuerV1Oid:
                    issuerV1 = Encoding.UTF8.GetString(extension.RawData);
                    break;
            }
        }

        return new FulcioIdentity(names, issuerV2 ?? issuerV1);
    }

    /// <summary>rfc822Name [1] and uniformResourceIdentifier [6] from GeneralNames; other name forms are not identities Fulcio issues for people or workflows.</summary>
    private static IEnumerable<string> ReadNames(byte[] der)
    {
        var names = new List<string>();
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
            {
                names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        return names;
    }
}
