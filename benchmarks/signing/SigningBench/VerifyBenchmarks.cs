using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance.ModelSigning;

namespace SigningBench;

/// <summary>Cost of one OMS verification: per signing method on the corpus vectors, and on a large signed folder (hash-bound).</summary>
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private const int LargeFileCount = 4;
    private const int LargeFileMegabytes = 64;

    private string oms = "";
    private string largeFolder = "";
    private TrustCheckPolicy keyPolicy = new();
    private TrustCheckPolicy certificatePolicy = new();
    private TrustCheckPolicy keylessPolicy = new();
    private TrustCheckPolicy largePolicy = new();

    [GlobalSetup]
    public void Setup()
    {
        oms = Path.Combine(RepoRoot(), "..", "shared", "corpus", "oms");
        keyPolicy = Policy(oms, new SigningPolicy { PublicKeys = ["keys/certificate/signing-key-pub.pem"] });
        certificatePolicy = Policy(oms, new SigningPolicy { CertificateChains = ["keys/certificate/ca-cert.pem"] });
        keylessPolicy = Policy(oms, new SigningPolicy
        {
            TrustRoot = "trust/custom_trust_config.json",
            SigstoreIdentities = [new SigstoreIdentity("stefanb@us.ibm.com", "https://sigstore.verify.ibm.com/oauth2")],
        });
        (largeFolder, largePolicy) = SignLargeFolder();
        foreach (var (path, policy) in new[] { (Vector("v1.1.0-elliptic-key"), keyPolicy), (Vector("v1.1.0-certificate"), certificatePolicy), (Vector("v1.1.0-sigstore"), keylessPolicy), (largeFolder, largePolicy) })
        {
            var result = ModelSignatureVerifier.Verify(path, policy);
            if (result.Status != SignatureStatus.Valid)
            {
                throw new InvalidOperationException($"{path}: {result.Status}: {result.Message}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(largeFolder)!, recursive: true);

    [Benchmark]
    public SignatureStatus Key_v110() => ModelSignatureVerifier.Verify(Vector("v1.1.0-elliptic-key"), keyPolicy).Status;

    [Benchmark]
    public SignatureStatus Certificate_v110() => ModelSignatureVerifier.Verify(Vector("v1.1.0-certificate"), certificatePolicy).Status;

    [Benchmark]
    public SignatureStatus Keyless_v110() => ModelSignatureVerifier.Verify(Vector("v1.1.0-sigstore"), keylessPolicy).Status;

    /// <summary>4 × 64 MB signed with a P-256 key: bound by SHA-256 of the files (page cache warm).</summary>
    [Benchmark]
    public SignatureStatus Key_256MB_folder() => ModelSignatureVerifier.Verify(largeFolder, largePolicy).Status;

    /// <summary>Baseline for the line above: SHA-256 of the same files and nothing else.</summary>
    [Benchmark]
    public int Sha256_only_256MB_folder()
    {
        var total = 0;
        foreach (var file in Directory.GetFiles(largeFolder, "*.bin"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            total += SHA256.HashData(stream)[0];
        }

        return total;
    }

    private string Vector(string name) => Path.Combine(oms, name);

    private static TrustCheckPolicy Policy(string folder, SigningPolicy signing) =>
        new() { SourcePath = Path.Combine(folder, "trustcheck.json"), Models = new ModelPolicy { Signing = signing } };

    /// <summary>Writes a folder of random weights and an OMS v1.0 key signature for it (statement, DSSE PAE, DER ECDSA).</summary>
    private static (string Folder, TrustCheckPolicy Policy) SignLargeFolder()
    {
        var root = Path.Combine(Path.GetTempPath(), "trustcheck-signbench-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "model");
        Directory.CreateDirectory(folder);
        var resources = new JsonArray();
        var concatenated = new List<byte>();
        var buffer = new byte[1 << 20];
        for (var i = 0; i < LargeFileCount; i++)
        {
            var name = $"shard-{i}.bin";
            using (var stream = File.Create(Path.Combine(folder, name)))
            {
                for (var mb = 0; mb < LargeFileMegabytes; mb++)
                {
                    Random.Shared.NextBytes(buffer);
                    stream.Write(buffer);
                }
            }

            var digest = SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, name)));
            concatenated.AddRange(digest);
            resources.Add(new JsonObject { ["algorithm"] = "sha256", ["digest"] = Convert.ToHexStringLower(digest), ["name"] = name });
        }

        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = "model", ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(concatenated.ToArray())) } }),
            ["predicateType"] = "https://model_signing/signature/v1.0",
            ["predicate"] = new JsonObject
            {
                ["serialization"] = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false },
                ["resources"] = resources,
            },
        };
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        const string payloadType = "application/vnd.in-toto+json";
        byte[] pae = [.. Encoding.UTF8.GetBytes($"DSSEv1 {payloadType.Length} {payloadType} {payload.Length} "), .. payload];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = "" }, ["tlogEntries"] = new JsonArray() },
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(payload),
                ["payloadType"] = payloadType,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) }),
            },
        };
        File.WriteAllText(Path.Combine(folder, "model.sig"), bundle.ToJsonString());
        File.WriteAllText(Path.Combine(root, "key.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        return (folder, Policy(root, new SigningPolicy { PublicKeys = ["key.pub.pem"] }));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustCheck.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrustCheck.sln not found");
    }
}
