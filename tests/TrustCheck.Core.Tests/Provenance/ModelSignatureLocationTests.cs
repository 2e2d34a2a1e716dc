using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance.ModelSigning;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

public class ModelSignatureLocationTests
{
    [Fact]
    public void Folder_without_model_sig_is_missing()
    {
        var folder = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(folder, "weights.bin"), "data");

        var result = ModelSignatureVerifier.Verify(folder, TrustCheckPolicy.Default);

        Assert.Equal(SignatureStatus.Missing, result.Status);
        Assert.Null(result.SignaturePath);
        Assert.Contains("model.sig", result.Message);
    }

    [Fact]
    public void File_without_sig_beside_it_is_missing()
    {
        var folder = TestPaths.NewTempDirectory();
        var file = Path.Combine(folder, "weights.onnx");
        File.WriteAllText(file, "data");

        var result = ModelSignatureVerifier.Verify(file, TrustCheckPolicy.Default);

        Assert.Equal(SignatureStatus.Missing, result.Status);
        Assert.Contains("weights.onnx.sig", result.Message);
    }

    [Fact]
    public void Path_that_does_not_exist_is_missing()
    {
        var result = ModelSignatureVerifier.Verify(Path.Combine(TestPaths.NewTempDirectory(), "nope"), TrustCheckPolicy.Default);

        Assert.Equal(SignatureStatus.Missing, result.Status);
    }

    [Fact]
    public void Single_file_signature_beside_the_file_verifies_that_file()
    {
        var folder = TestPaths.NewTempDirectory();
        var vector = OmsVector.Named("v1.0.0-elliptic-key");
        var file = Path.Combine(folder, "signme-1");
        File.Copy(Path.Combine(vector.Folder, "signme-1"), file);
        File.Copy(Path.Combine(vector.Folder, "model.sig"), file + ".sig");
        File.WriteAllText(Path.Combine(folder, "unrelated.txt"), "a file beside the model is not part of a single-file signature");

        var result = ModelSignatureVerifier.Verify(file, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(file + ".sig", result.SignaturePath);
        Assert.Equal(file, result.SignedPath);
    }

    [Fact]
    public void Single_file_signature_beside_a_changed_file_is_invalid()
    {
        var folder = TestPaths.NewTempDirectory();
        var vector = OmsVector.Named("v1.0.0-elliptic-key");
        var file = Path.Combine(folder, "signme-1");
        File.WriteAllText(file, "signme-X\n");
        File.Copy(Path.Combine(vector.Folder, "model.sig"), file + ".sig");

        var result = ModelSignatureVerifier.Verify(file, vector.Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("'signme-1' changed since signing", result.Message);
    }

    [Fact]
    public void Folder_holding_a_single_file_signature_verifies_its_one_file()
    {
        var vector = OmsVector.Named("v0.3.1-elliptic-key");

        var result = ModelSignatureVerifier.Verify(vector.Folder, vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Folder_holding_a_single_file_signature_and_another_file_is_invalid()
    {
        using var copy = VectorCopy.Of("v0.3.1-elliptic-key");
        copy.Write("second.bin", "x");

        var result = ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named("v0.3.1-elliptic-key").Policy());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("covers one file, but the folder holds 2", result.Message);
    }

    [Fact]
    public void File_inside_a_signed_folder_is_verified_with_the_folder_signature()
    {
        var vector = OmsVector.Named("v1.1.0-certificate");

        var result = ModelSignatureVerifier.Verify(Path.Combine(vector.Folder, "signme-2"), vector.Policy());

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(vector.Folder, result.SignedPath);
    }
}
