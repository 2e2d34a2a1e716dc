using System.IO.Compression;
using TrustCheck.Core.Models;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

public class FormatDetectorTests
{
    private static readonly byte[] Pickle = [0x80, 0x04, 0x95, 0x05, 0, 0, 0, 0, 0, 0, 0, 0x4B, 0x01, 0x2E];

    private static DetectedFormat Detect(byte[] bytes, string path) => FormatDetector.Detect(new MemoryStream(bytes), path);

    private static byte[] Zip(params string[] names)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in names)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(name.EndsWith(".pkl", StringComparison.Ordinal) ? Pickle : "hello"u8.ToArray());
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Pickle_named_safetensors_is_a_format_mismatch()
    {
        var detected = Detect(Pickle, "model.safetensors");

        var issue = FormatDetector.CheckExtension("model.safetensors", detected);

        Assert.Equal(ModelFormats.Pickle, detected.Format);
        Assert.Equal(RuleIds.ModelFormatMismatch, issue!.RuleId);
        Assert.Contains("promises safetensors but the content is pickle", issue.Message);
    }

    [Fact]
    public void Zip_named_onnx_is_a_format_mismatch()
    {
        var detected = Detect(Zip("readme.txt"), "model.onnx");

        Assert.Equal("zip", detected.Container);
        Assert.Equal(RuleIds.ModelFormatMismatch, FormatDetector.CheckExtension("model.onnx", detected)!.RuleId);
    }

    [Fact]
    public void Png_signature_named_pt_is_malformed_not_malicious()
    {
        var path = TestPaths.CorpusFile("picklescan/data/bad_pytorch.pt");
        using var stream = File.OpenRead(path);

        var detected = FormatDetector.Detect(stream, path);
        var issue = FormatDetector.CheckExtension(path, detected);

        Assert.Equal(ModelFormats.Unknown, detected.Format);
        Assert.Equal("PNG image signature", detected.Evidence);
        Assert.Equal(RuleIds.ModelMalformed, issue!.RuleId);
    }

    [Theory]
    [InlineData("model.gguf")]
    [InlineData("weights.bin")]
    [InlineData("noextension")]
    public void Matching_or_unknown_extensions_are_not_reported(string name)
    {
        var content = name.EndsWith(".gguf", StringComparison.Ordinal) ? new GgufBuilder().Build() : Pickle;

        Assert.Null(FormatDetector.CheckExtension(name, Detect(content, name)));
    }

    [Fact]
    public void Zip_with_pickle_members_under_any_folder_is_pytorch()
    {
        Assert.Equal(ModelFormats.PyTorch, Detect(Zip("archive/version", "archive/data.pkl", "archive/data/0"), "model.bin").Format);
    }

    [Fact]
    public void Zip_member_holding_a_pickle_under_another_name_is_pytorch()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("data.txt", CompressionLevel.NoCompression).Open();
            entry.Write(Pickle);
        }

        Assert.Equal(ModelFormats.PyTorch, Detect(buffer.ToArray(), "x.zip").Format);
    }

    [Fact]
    public void Zip_of_npy_members_is_numpy()
    {
        Assert.Equal(ModelFormats.Numpy, Detect(Zip("a.npy", "b.npy"), "arrays.npz").Format);
    }

    [Fact]
    public void Keras_v3_archive_is_keras()
    {
        Assert.Equal(ModelFormats.Keras, Detect(Zip("metadata.json", "config.json", "model.weights.h5"), "model.keras").Format);
    }

    [Fact]
    public void Seven_zip_archive_is_unknown_with_its_container_named()
    {
        var detected = Detect([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4], "model.7z");

        Assert.Equal(ModelFormats.Unknown, detected.Format);
        Assert.Equal("7z archive", detected.Evidence);
        Assert.Equal("7z", detected.Container);
    }

    [Fact]
    public void Legacy_pytorch_magic_number_is_pytorch()
    {
        byte[] legacy = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];

        Assert.Equal(ModelFormats.PyTorch, Detect(legacy, "model.pt").Format);
    }

    [Fact]
    public void Pickle_in_a_joblib_file_is_joblib()
    {
        Assert.Equal(ModelFormats.Joblib, Detect(Pickle, "model.joblib").Format);
    }

    [Fact]
    public void Hdf5_superblock_after_a_user_block_is_found()
    {
        byte[] file = [.. new byte[512], 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]];

        var detected = Detect(file, "model.h5");

        Assert.Equal(ModelFormats.Hdf5, detected.Format);
        Assert.Contains("offset 512", detected.Evidence);
    }

    [Fact]
    public void Readme_with_front_matter_is_a_model_card()
    {
        var detected = Detect("---\nlicense: mit\n---\n# Model\n"u8.ToArray(), "models/phi/README.md");

        Assert.Equal(ModelFormats.ModelCard, detected.Format);
        Assert.Contains("with YAML front matter", detected.Evidence);
    }

    [Fact]
    public void Safetensors_header_shape_is_recognised_whatever_the_name()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1);

        Assert.Equal(ModelFormats.Safetensors, Detect(file, "weights.dat").Format);
    }

    [Fact]
    public void Plain_text_is_not_mistaken_for_onnx()
    {
        Assert.Equal(ModelFormats.Unknown, Detect("hello world, this is text\n"u8.ToArray(), "model.onnx").Format);
    }

    [Fact]
    public void Empty_and_tiny_files_are_unknown_without_a_crash()
    {
        Assert.Equal("empty file", Detect([], "x.onnx").Evidence);
        for (var b = 0; b < 256; b++)
        {
            Assert.NotNull(Detect([(byte)b], "x.bin"));
            Assert.NotNull(Detect([(byte)b, 0x00, 0x01], "x.pb"));
        }
    }
}
