using TrustCheck.Core.Provenance.ModelSigning;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Files on disk against the signed statement: extra, missing, changed, ignored.</summary>
public class SignedContentTests
{
    [Theory]
    [InlineData("v1.0.1-elliptic-key")]
    [InlineData("v1.1.0-certificate")]
    [InlineData("v1.1.0-sigstore")]
    public void Added_file_is_invalid_and_named(string vectorName)
    {
        using var copy = VectorCopy.Of(vectorName);
        copy.Write("extra.onnx", "not signed");

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(vectorName).Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'extra.onnx' is not covered by the signature", result.Message);
    }

    [Fact]
    public void Added_file_in_a_subfolder_is_named_with_its_relative_path()
    {
        using var copy = VectorCopy.Of("v1.1.0-elliptic-key");
        copy.Write("tokenizer/vocab.json", "{}");

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-elliptic-key").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'tokenizer/vocab.json'", result.Message);
    }

    [Fact]
    public void Policy_ignore_paths_leave_files_and_folders_out_of_the_comparison()
    {
        using var copy = VectorCopy.Of("v1.1.0-elliptic-key");
        copy.Write("README.md", "# card");
        copy.Write(".cache/huggingface/info", "x");
        var policy = OmsVector.Named("v1.1.0-elliptic-key").Policy();
        policy.Models.Signing.IgnorePaths.AddRange(["README.md", ".cache"]);

        var result = ModelSignatureVerifier.Verify(copy.Folder, policy);

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Unsigned_ignore_me_fails_without_the_ignore_path_when_the_signature_does_not_record_it()
    {
        var vector = OmsVector.Named("v1.0.1-elliptic-key");
        var policy = vector.Policy();
        policy.Models.Signing.IgnorePaths.Clear();

        var result = ModelSignatureVerifier.Verify(vector.Folder, policy);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'ignore-me' is not covered", result.Message);
    }

    [Fact]
    public void Ignore_paths_recorded_in_a_v110_signature_apply_without_policy_ignore_paths()
    {
        var vector = OmsVector.Named("v1.1.0-elliptic-key");
        Assert.Empty(vector.Policy().Models.Signing.IgnorePaths);

        var result = ModelSignatureVerifier.Verify(vector.Folder, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Removed_ignored_file_does_not_matter()
    {
        using var copy = VectorCopy.Of("v1.1.0-certificate");
        File.Delete(Path.Combine(copy.Folder, "ignore-me"));

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-certificate").Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Several_problems_are_all_named()
    {
        using var copy = VectorCopy.Of("v1.0.1-certificate");
        File.Delete(Path.Combine(copy.Folder, "signme-1"));
        copy.Write("signme-2", "changed\n");
        copy.Write("new.bin", "x");

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.0.1-certificate").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'signme-1' is missing", result.Message);
        Assert.Contains("'signme-2' changed since signing", result.Message);
        Assert.Contains("'new.bin' is not covered", result.Message);
    }

    [Fact]
    public void Symbolic_link_in_a_signed_folder_is_invalid()
    {
        using var copy = VectorCopy.Of("v1.1.0-elliptic-key");
        File.CreateSymbolicLink(Path.Combine(copy.Folder, "link"), Path.Combine(copy.Folder, "signme-1"));

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v1.1.0-elliptic-key").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'link' is a symbolic link", result.Message);
    }

    [Fact]
    public void Caller_supplied_hashing_is_used_once_per_signed_file()
    {
        var vector = OmsVector.Named("v1.1.0-elliptic-key");
        var hashed = new List<string>();

        var result = ModelSignatureVerifier.Verify(vector.Folder, vector.Policy(), path =>
        {
            hashed.Add(Path.GetFileName(path));
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        });

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(["signme-1", "signme-2"], hashed.Order(StringComparer.Ordinal));
    }
}
