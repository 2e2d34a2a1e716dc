using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using static TrustCheck.Core.Provenance.ModelSigning.JsonFields;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>A validity window from a trusted root (<c>validFor</c>); an open end means still valid.</summary>
internal sealed record ValidityWindow(DateTimeOffset? Start, DateTimeOffset? End)
{
    public bool Contains(DateTimeOffset time) => (Start is null || time >= Start) && (End is null || time <= End);
}

/// <summary>A transparency log (Rekor) the root trusts: its key and the log id (sha256 of that key) entries name.</summary>
internal sealed record TrustedLog(string BaseUrl, byte[] LogId, byte[] PublicKeySpki, ValidityWindow ValidFor);

/// <summary>A Fulcio CA: its chain (intermediates first, root last) and when it issued certificates.</summary>
internal sealed record TrustedCertificateAuthority(string Uri, IReadOnlyList<byte[]> Chain, ValidityWindow ValidFor);

/// <summary>
/// A Sigstore trusted root (<c>application/vnd.dev.sigstore.trustedroot+json</c>), read from the file itself or from the
/// <c>trustedRoot</c> member of a client trust config, as <c>model_signing verify sigstore --trust_config</c> takes it.
/// </summary>
internal sealed record SigstoreTrustedRoot(
    IReadOnlyList<TrustedLog> Tlogs,
    IReadOnlyList<TrustedCertificateAuthority> CertificateAuthorities,
    IReadOnlyList<TrustedLog> CtLogs,
    IReadOnlyList<TrustedCertificateAuthority> TimestampAuthorities)
{
    public static SigstoreTrustedRoot Load(string path)
    {
        var text = PemFiles.ReadText(path, "models.signing.trustRoot");
        using var document = Parse(Encoding.UTF8.GetBytes(text), $"trust root '{path}'");
        var root = document.RootElement;
        if (OptionalObject(root, "trustedRoot", "trust root") is { } embedded)
        {
            root = embedded;
        }

        var mediaType = OptionalString(root, "mediaType", "trustedRoot") ?? "";
        if (!mediaType.StartsWith("application/vnd.dev.sigstore.trustedroot", StringComparison.Ordinal))
        {
            throw new SignatureCheckFailedException(
                $"trust root '{path}' is not a Sigstore trusted root (mediaType '{mediaType}'); use a trusted_root.json or a client trust config");
        }

        var tlogs = Logs(root, "tlogs");

        return new SigstoreTrustedRoot(tlogs, Authorities(root, "certificateAuthorities"), Logs(root, "ctlogs"), Authorities(root, "timestampAuthorities"));
    }

    private static List<TrustedCertificateAuthority> Authorities(JsonElement root, string member)
    {
        var authorities = new List<TrustedCertificateAuthority>();
        var path = "trustedRoot." + member + "[]";
        foreach (var authority in Array(root, member, "trustedRoot", 64, required: false))
        {
            var chain = RequireObject(authority, "certChain", path);
            var certificates = Array(chain, "certificates", path + ".certChain", SigningLimits.MaxCertificatesInBundle)
                .Select(c => RequireBase64(c, "rawBytes", path + ".certChain.certificates[]"))
                .ToList();
            if (certificates.Count == 0)
            {
                throw new SignatureCheckFailedException(path + " has an empty certChain");
            }

            authorities.Add(new TrustedCertificateAuthority(OptionalString(authority, "uri", path) ?? "", certificates, Window(authority)));
        }

        return authorities;
    }

    private static List<TrustedLog> Logs(JsonElement root, string member)
    {
        var logs = new List<TrustedLog>();
        var path = "trustedRoot." + member + "[]";
        foreach (var log in Array(root, member, "trustedRoot", 64, required: false))
        {
            var key = RequireObject(log, "publicKey", path);
            logs.Add(new TrustedLog(
                OptionalString(log, "baseUrl", path) ?? "",
                RequireBase64(RequireObject(log, "logId", path), "keyId", path + ".logId"),
                RequireBase64(key, "rawBytes", path + ".publicKey"),
                Window(key)));
        }

        return logs;
    }

    private static ValidityWindow Window(JsonElement owner)
    {
        if (OptionalObject(owner, "validFor", "trustedRoot") is not { } validFor)
        {
            return new ValidityWindow(null, null);
        }

        return new ValidityWindow(Time(validFor, "start"), Time(validFor, "end"));
    }

    private static DateTimeOffset? Time(JsonElement validFor, string name)
    {
        var text = OptionalString(validFor, name, "trustedRoot.validFor");
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new SignatureCheckFailedException($"trustedRoot validFor.{name} '{text}' is not a timestamp");
    }

    /// <summary>Loads the DER certificates of one CA entry.</summary>
    public static List<X509Certificate2> Certificates(TrustedCertificateAuthority authority) =>
        authority.Chain.Select(der => X509CertificateLoader.LoadCertificate(der)).ToList();
}
