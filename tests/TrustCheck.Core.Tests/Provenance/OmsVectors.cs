using TrustCheck.Core.Policy;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>One OMS vector of the shared corpus (a model.sig row of MANIFEST.tsv) and the policy upstream verifies it with.</summary>
public sealed record OmsVector(string Name, string Folder, string Label, string Notes)
{
    public const string SigstoreIdentity = "stefanb@us.ibm.com";
    public const string SigstoreIssuer = "https://sigstore.verify.ibm.com/oauth2";

    public static string OmsRoot => TestPaths.CorpusFile("oms");

    /// <summary>Every signed-valid / signed-invalid bundle row under oms/ in MANIFEST.tsv.</summary>
    public static IReadOnlyList<OmsVector> All { get; } = Load();

    public bool IsNegative => Label == "signed-invalid";

    /// <summary>The vectors that sign one file (resource ".") are verified on that file, as upstream's test script does.</summary>
    public string ModelPath =>
        Notes.Contains("signs the single FILE signme-1", StringComparison.Ordinal) ? Path.Combine(Folder, "signme-1") : Folder;

    public static OmsVector Named(string name) => All.Single(v => v.Name == name);

    /// <summary>A policy that sits in oms/ (so relative paths resolve like in a real trustcheck.json) with the trust material the notes name.</summary>
    public TrustCheckPolicy Policy()
    {
        var signing = new SigningPolicy();
        if (Name.Contains("elliptic-key", StringComparison.Ordinal))
        {
            signing.PublicKeys.Add(Name.EndsWith("wrong-key", StringComparison.Ordinal)
                ? "keys/unrelated/unrelated-p384-pub.pem"
                : "keys/certificate/signing-key-pub.pem");
        }
        else if (Name.Contains("certificate", StringComparison.Ordinal))
        {
            signing.CertificateChains.Add("keys/certificate/ca-cert.pem");
        }
        else if (Name.Contains("sigstore", StringComparison.Ordinal))
        {
            signing.TrustRoot = "trust/custom_trust_config.json";
            signing.SigstoreIdentities.Add(new SigstoreIdentity(SigstoreIdentity, SigstoreIssuer));
        }

        // v1.0.1 vectors need the ignore path on the command line; v1.1.0 records it in the signed predicate.
        if (Notes.Contains("verify with ignore path ignore-me", StringComparison.Ordinal))
        {
            signing.IgnorePaths.Add("ignore-me");
        }

        return PolicyIn(OmsRoot, signing);
    }

    public static TrustCheckPolicy PolicyIn(string folder, SigningPolicy signing) => new()
    {
        SourcePath = Path.Combine(folder, "trustcheck.json"),
        Models = new ModelPolicy { Signing = signing },
    };

    public override string ToString() => Name;

    private static List<OmsVector> Load()
    {
        var rows = File.ReadAllLines(TestPaths.CorpusFile("MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 9 && f[0].StartsWith("oms/", StringComparison.Ordinal) && f[0].EndsWith("/model.sig", StringComparison.Ordinal))
            .Where(f => f[4] is "signed-valid" or "signed-invalid");
        return rows
            .Select(f =>
            {
                var folder = TestPaths.CorpusFile(f[0][..^"/model.sig".Length]);
                return new OmsVector(Path.GetFileName(folder), folder, f[4], f[8]);
            })
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
    }
}
