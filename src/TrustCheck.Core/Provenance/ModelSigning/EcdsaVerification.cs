using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>ECDSA with the hash that goes with the curve (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), DER signatures.</summary>
internal static class EcdsaVerification
{
    public static HashAlgorithmName HashFor(ECDsa key) => key.KeySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => throw new SignatureCheckFailedException($"unsupported ECDSA key size {key.KeySize}; OMS uses P-256, P-384 or P-521"),
    };

    public static bool Verify(ECDsa key, byte[] data, byte[] derSignature) =>
        Verify(key, data, derSignature, HashFor(key));

    public static bool Verify(ECDsa key, byte[] data, byte[] derSignature, HashAlgorithmName hash)
    {
        try
        {
            return key.VerifyData(data, derSignature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The certificate's key, or a clear failure when it is not ECDSA.</summary>
    public static ECDsa KeyOf(X509Certificate2 certificate, string role) =>
        certificate.GetECDsaPublicKey()
        ?? throw new SignatureCheckFailedException(
            $"the {role} certificate '{certificate.Subject}' does not hold an ECDSA key ({certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}); OMS signatures are ECDSA");
}
