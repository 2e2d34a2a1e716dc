using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance.ModelSigning;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Signatures written in the test with a fresh key, for shapes the corpus vectors do not cover.</summary>
public sealed class GeneratedSignatureTests : IDisposable
{
    private readonly string folder = TestPaths.NewTempDirectory("trustcheck-oms-gen");
    private readonly string model;
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TrustCheckPolicy policy;

    public GeneratedSignatureTests()
    {
        model = Path.Combine(folder, "model");
        Directory.CreateDirectory(Path.Combine(model, "tokenizer"));
        File.WriteAllBytes(Path.Combine(model, "model.onnx"), [0x08, 0x07, 0x12, 0x04]);
        File.WriteAllText(Path.Combine(model, "config.json"), "{\"hidden_size\": 8}");
        File.WriteAllText(Path.Combine(model, "tokenizer", "vocab.json"), "{\"a\": 0}");
        File.WriteAllText(Path.Combine(folder, "key.pub.pem"), "Public key of the test signer\n" + OmsTestSigner.PublicKeyPem(key));
        policy = OmsVector.PolicyIn(folder, new SigningPolicy { PublicKeys = ["key.pub.pem"] });
    }

    private (string Name, string Digest)[] Files => OmsTestSigner.DigestsOf(model, "config.json", "model.onnx", "tokenizer/vocab.json");

    [Fact]
    public void Nested_folder_signed_with_a_p256_key_verifies()
    {
        Sign(OmsTestSigner.StatementV10(Files));

        var result = Verify();

        Assert.True(result.Status == SignatureStatus.Valid, result.Message);
        Assert.Contains("3 signed file(s)", result.Message);
        Assert.Contains(OmsTestSigner.Hint(key), result.Signer);
    }

    [Fact]
    public void Changed_file_in_a_subfolder_is_named()
    {
        Sign(OmsTestSigner.StatementV10(Files));
        File.WriteAllText(Path.Combine(model, "tokenizer", "vocab.json"), "{\"a\": 1}");

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'tokenizer/vocab.json' changed since signing", result.Message);
    }

    [Fact]
    public void Signed_ignore_paths_exclude_unsigned_files()
    {
        File.WriteAllText(Path.Combine(model, "notes.txt"), "unsigned");
        Sign(OmsTestSigner.StatementV10(Files, ["notes.txt", "model.sig"]));

        Assert.Equal(SignatureStatus.Valid, Verify().Status);
    }

    [Fact]
    public void Resource_path_that_leaves_the_folder_is_invalid()
    {
        Sign(OmsTestSigner.StatementV10([.. Files, ("../outside.bin", new string('0', 64))]));

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'../outside.bin' is not a relative path inside the model folder", result.Message);
    }

    [Fact]
    public void Subject_digest_that_does_not_match_the_resources_is_invalid()
    {
        var statement = OmsTestSigner.StatementV10(Files);
        statement["subject"]![0]!["digest"]!["sha256"] = new string('a', 64);
        Sign(statement);

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("is not the sha256 of the listed resource digests", result.Message);
    }

    [Fact]
    public void Sharded_serialization_is_reported_as_unsupported()
    {
        var statement = OmsTestSigner.StatementV10(Files);
        statement["predicate"]!["serialization"]!["method"] = "shards";
        Sign(statement);

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("method is 'shards'", result.Message);
    }

    [Fact]
    public void Unknown_predicate_type_is_invalid()
    {
        var statement = OmsTestSigner.StatementV10(Files);
        statement["predicateType"] = "https://slsa.dev/provenance/v1";
        Sign(statement);

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("predicateType 'https://slsa.dev/provenance/v1' is not an OMS model signature", result.Message);
    }

    [Fact]
    public void File_listed_twice_is_invalid()
    {
        Sign(OmsTestSigner.StatementV10([.. Files, Files[0]]));

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("lists 'config.json' more than once", result.Message);
    }

    [Fact]
    public void V020_statement_signed_over_the_v020_pae_verifies()
    {
        Sign(OmsTestSigner.StatementV020(Files), v020Pae: true);

        Assert.Equal(SignatureStatus.Valid, Verify().Status);
    }

    [Fact]
    public void V10_statement_signed_over_the_v020_pae_is_invalid()
    {
        Sign(OmsTestSigner.StatementV10(Files), v020Pae: true);

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("v0.2.0 compatibility form", result.Message);
    }

    [Fact]
    public void Signature_with_the_wrong_hash_for_the_curve_is_invalid()
    {
        Sign(OmsTestSigner.StatementV10(Files), hash: HashAlgorithmName.SHA384);

        var result = Verify();

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("DSSE signature does not verify", result.Message);
    }

    [Fact]
    public void Python_bytes_repr_matches_python()
    {
        // Expected strings are what CPython prints for repr() of these bytes.
        Assert.Equal("b'{\"a\": 1}\\n'", DssePae.PythonBytesRepr("{\"a\": 1}\n"u8));
        Assert.Equal("b\"it's\"", DssePae.PythonBytesRepr("it's"u8));
        Assert.Equal("b'it\\'s \"q\"'", DssePae.PythonBytesRepr("it's \"q\""u8));
        Assert.Equal("b'\\x00\\t\\r\\\\\\x7f\\xff'", DssePae.PythonBytesRepr([0x00, 0x09, 0x0d, 0x5c, 0x7f, 0xff]));
    }

    public void Dispose()
    {
        key.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private void Sign(JsonObject statement, bool v020Pae = false, HashAlgorithmName? hash = null) =>
        OmsTestSigner.WriteKeyBundle(Path.Combine(model, "model.sig"), key, statement, hash ?? HashAlgorithmName.SHA256, v020Pae);

    private SignatureVerification Verify() => ModelSignatureVerifier.Verify(model, policy);
}
