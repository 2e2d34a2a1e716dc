using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>A public key the policy trusts, with the OMS v1.1.0 hint that names it.</summary>
internal sealed record TrustedPublicKey(string SourcePath, ECDsa Key, string Hint);

/// <summary>
/// Reads the PEM files the policy names. PEM blocks are found anywhere in the text, because tools such as
/// certtool write a human-readable dump before the block.
/// </summary>
internal static class PemFiles
{
    public static TrustedPublicKey LoadPublicKey(string path, string policyField)
    {
        var blocks = ReadBlocks(path, policyField);
        var block = blocks.FirstOrDefault(b => b.Label == "PUBLIC KEY");
        if (block.Der is null)
        {
            var certificate = blocks.FirstOrDefault(b => b.Label == "CERTIFICATE");
            if (certificate.Der is null)
            {
                throw new SignatureCheckFailedException($"policy {policyField} entry '{path}' holds no PEM PUBLIC KEY block");
            }

            using var cert = X509CertificateLoader.LoadCertificate(certificate.Der);
            block = ("PUBLIC KEY", cert.PublicKey.ExportSubjectPublicKeyInfo());
        }

        return new TrustedPublicKey(path, ImportEcdsa(block.Der, $"policy {policyField} entry '{path}'"), HintFor(block.Der));
    }

    public static IReadOnlyList<X509Certificate2> LoadCertificates(string path, string policyField)
    {
        var certificates = ReadBlocks(path, policyField)
            .Where(b => b.Label == "CERTIFICATE")
            .Select(b => X509CertificateLoader.LoadCertificate(b.Der))
            .ToList();
        if (certificates.Count == 0)
        {
            throw new SignatureCheckFailedException($"policy {policyField} entry '{path}' holds no PEM CERTIFICATE block");
        }

        return certificates;
    }

    /// <summary>sha256 (hex) of the key as PEM with 64-column lines and a final newline: model_signing's publicKey.hint.</summary>
    public static string HintFor(byte[] subjectPublicKeyInfo)
    {
        var pem = PemEncoding.WriteString("PUBLIC KEY", subjectPublicKeyInfo) + "\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pem)));
    }

    public static ECDsa ImportEcdsa(byte[] subjectPublicKeyInfo, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new SignatureCheckFailedException($"{what} is not an ECDSA public key; OMS key signatures are ECDSA (P-256/P-384/P-521)");
        }
    }

    /// <summary>publicKey.rawBytes as written by model_signing: the PEM text, or DER.</summary>
    public static byte[] SubjectPublicKeyInfoFromBundle(byte[] rawBytes)
    {
        var text = Encoding.ASCII.GetString(rawBytes);
        return PemEncoding.TryFind(text, out var fields) && text[fields.Label].Equals("PUBLIC KEY", StringComparison.Ordinal)
            ? Convert.FromBase64String(text[fields.Base64Data])
            : rawBytes;
    }

    private static List<(string Label, byte[] Der)> ReadBlocks(string path, string policyField)
    {
        var text = ReadText(path, policyField);
        var blocks = new List<(string, byte[])>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var span = rest.Span;
            blocks.Add((span[fields.Label].ToString(), Convert.FromBase64String(span[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }

        return blocks;
    }

    internal static string ReadText(string path, string policyField)
    {
        if (!File.Exists(path))
        {
            throw new SignatureCheckFailedException($"policy {policyField} entry '{path}' does not exist");
        }

        var bytes = BoundedFile.ReadAllBytes(path, SigningLimits.MaxTrustFileBytes, $"policy {policyField} entry '{path}'");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
