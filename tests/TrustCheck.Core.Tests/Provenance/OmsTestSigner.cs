using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>
/// Writes OMS signatures byte-exactly per the format (in-toto statement v1, model_signing v1.0 predicate,
/// DSSE PAE, DER ECDSA, Sigstore bundle v0.3 with publicKey.hint), with a key generated in the test.
/// </summary>
internal static class OmsTestSigner
{
    public const string PayloadType = "application/vnd.in-toto+json";

    public static (string Name, string Digest)[] DigestsOf(string folder, params string[] names) =>
        names.Select(n => (n, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, n.Replace('/', Path.DirectorySeparatorChar))))))).ToArray();

    public static JsonObject StatementV10(IReadOnlyList<(string Name, string Digest)> resources, string[]? ignorePaths = null)
    {
        var concatenated = resources.SelectMany(r => Convert.FromHexString(r.Digest)).ToArray();
        var serialization = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false };
        if (ignorePaths is not null)
        {
            serialization["ignore_paths"] = new JsonArray(ignorePaths.Select(p => (JsonNode)p!).ToArray());
        }

        return new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = "model",
                ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(concatenated)) },
            }),
            ["predicateType"] = "https://model_signing/signature/v1.0",
            ["predicate"] = new JsonObject
            {
                ["serialization"] = serialization,
                ["resources"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
                {
                    ["algorithm"] = "sha256",
                    ["digest"] = r.Digest,
                    ["name"] = r.Name,
                }).ToArray()),
            },
        };
    }

    public static JsonObject StatementV020(IReadOnlyList<(string Name, string Digest)> files) => new()
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name,
            ["digest"] = new JsonObject { ["sha256"] = f.Digest },
            ["annotations"] = new JsonObject { ["actual_hash_algorithm"] = "file-sha256" },
        }).ToArray()),
        ["predicateType"] = "https://model_signing/Digests/v0.1",
        ["predicate"] = new JsonObject { ["unused"] = "Unused, just passed due to API requirements" },
    };

    /// <summary>DSSE v1 PAE, written out here independently of the product code.</summary>
    public static byte[] Pae(byte[] payload) =>
        [.. Encoding.UTF8.GetBytes($"DSSEv1 {PayloadType.Length} {PayloadType} {payload.Length} "), .. payload];

    /// <summary>model_signing v0.2.0's PAE: capital V and the Python repr of the payload (ASCII JSON without quotes or escapes needs only \n escaped).</summary>
    public static byte[] PaeV020(byte[] payload)
    {
        var text = Encoding.ASCII.GetString(payload);
        Assert.DoesNotContain("'", text);
        Assert.DoesNotContain("\\", text);
        return Encoding.UTF8.GetBytes($"DSSEV1 {PayloadType.Length} {PayloadType} {payload.Length} b'{text.Replace("\n", "\\n", StringComparison.Ordinal)}'");
    }

    public static string PublicKeyPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem() + "\n";

    public static string Hint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(PublicKeyPem(key))));

    /// <summary>Signs <paramref name="statement"/> and writes the bundle to <paramref name="path"/>.</summary>
    public static void WriteKeyBundle(string path, ECDsa key, JsonObject statement, HashAlgorithmName hash, bool v020Pae = false)
    {
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var signature = key.SignData(v020Pae ? PaeV020(payload) : Pae(payload), hash, DSASignatureFormat.Rfc3279DerSequence);
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["hint"] = Hint(key) },
                ["tlogEntries"] = new JsonArray(),
            },
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(payload),
                ["payloadType"] = PayloadType,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature), ["keyid"] = "" }),
            },
        };
        File.WriteAllText(path, bundle.ToJsonString());
    }
}
