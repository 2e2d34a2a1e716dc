using System.Security.Cryptography.X509Certificates;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Builds a chain to caller-supplied anchors only (never the machine store), offline, at a chosen time.</summary>
internal static class CertificateChainValidator
{
    /// <summary>Null when the chain is valid at <paramref name="time"/>; otherwise why it is not.</summary>
    public static string? Validate(
        X509Certificate2 leaf,
        IEnumerable<X509Certificate2> intermediates,
        IEnumerable<X509Certificate2> anchors,
        DateTimeOffset time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        if (chain.Build(leaf))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct().ToList();
        return statuses.Count == 0 ? "chain could not be built" : string.Join("; ", statuses);
    }

    public static bool HasExtendedKeyUsage(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(u => u.Value == oid));

    public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";

    /// <summary>model_signing's rule: key usage digitalSignature, or else extended key usage codeSigning.</summary>
    public static bool CanSign(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return usage is null
            ? HasExtendedKeyUsage(certificate, CodeSigningEku)
            : usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature) || HasExtendedKeyUsage(certificate, CodeSigningEku);
    }
}
