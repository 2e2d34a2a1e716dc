using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Safetensors;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

public class SafetensorsReaderTests
{
    private static ModelInspection Read(byte[] bytes) => new SafetensorsReader().Inspect(new MemoryStream(bytes), "model.safetensors");

    private static ModelIssue SingleMalformed(byte[] bytes)
    {
        var issue = Assert.Single(Read(bytes).Issues);
        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        return issue;
    }

    [Fact]
    public void Metadata_and_license_come_from_dunder_metadata()
    {
        using var stream = File.OpenRead(TestPaths.CorpusFile("modelaudit/samples/safetensors/safe_model.safetensors"));

        var inspection = new SafetensorsReader().Inspect(stream, "safe_model.safetensors");

        Assert.Empty(inspection.Issues);
        Assert.Equal("MIT", inspection.License);
        Assert.Equal("safetensors:__metadata__.license", inspection.LicenseSource);
        Assert.Equal("Safe ML Team", inspection.Metadata["author"]);
        Assert.Equal(8, inspection.Metadata.Count);
    }

    [Fact]
    public void Well_formed_tensors_tiling_the_data_section_are_clean()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]},"empty":{"dtype":"I64","shape":[0],"data_offsets":[22,22]}}""", 22);

        Assert.Empty(Read(file).Issues);
    }

    [Fact]
    public void Overlapping_offsets_are_malformed()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""", 24);

        Assert.Contains("overlaps", SingleMalformed(file).Message);
    }

    [Fact]
    public void A_gap_between_tensors_is_malformed()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}}""", 12);

        Assert.Contains("gap of 4 bytes", SingleMalformed(file).Message);
    }

    [Fact]
    public void Trailing_bytes_not_described_by_the_header_are_malformed()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}""", 100);

        Assert.Contains("trailing bytes", SingleMalformed(file).Message);
    }

    [Fact]
    public void Offsets_past_the_data_section_are_malformed()
    {
        var file = SafetensorsBuilder.Build("""{"a":{"dtype":"U8","shape":[64],"data_offsets":[0,64]}}""", 8);

        Assert.Contains("runs past", SingleMalformed(file).Message);
    }

    [Fact]
    public void Header_length_past_the_end_of_the_file_is_malformed()
    {
        byte[] file = [.. GgufBuilder.U64Bytes(5000), .. "{}"u8];

        Assert.Contains("runs past the end", SingleMalformed(file).Message);
    }

    [Fact]
    public void Header_length_over_the_cap_is_malformed_without_reading_it()
    {
        byte[] file = [.. GgufBuilder.U64Bytes(ulong.MaxValue), .. "{}"u8];

        Assert.Contains("limit", SingleMalformed(file).Message);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}""", "unknown dtype")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,4]}}""", "needs 12 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1099511627776,1099511627776,1099511627776],"data_offsets":[0,4]}}""", "overflows")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", "invalid data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "not a non-negative integer")]
    [InlineData("""{"__metadata__":{"n":1},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "not a string")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", "data_offsets")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"a":""", "not valid JSON")]
    public void Inconsistent_tensor_entries_are_malformed(string header, string expected)
    {
        var file = SafetensorsBuilder.Build(header, 4);

        Assert.Contains(expected, SingleMalformed(file).Message);
    }

    [Fact]
    public void Code_like_metadata_is_a_warning_not_an_error()
    {
        var file = SafetensorsBuilder.Build("""{"__metadata__":{"notes":"import os; os.system('id')","format":"pt"},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1);

        var issue = Assert.Single(Read(file).Issues);

        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Equal(RuleSeverity.Warning, issue.Severity);
        Assert.Contains("'notes'", issue.Message);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_malformed_never_a_crash()
    {
        var file = SafetensorsBuilder.Build("""{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8);

        for (var length = 0; length < file.Length; length++)
        {
            Assert.Contains(Read(file[..length]).Issues, i => i.RuleId == RuleIds.ModelMalformed);
        }
    }

    [Fact]
    public void Ten_gigabyte_sparse_file_is_inspected_from_its_header_alone()
    {
        const long dataLength = 10L * 1024 * 1024 * 1024;
        var path = Path.Combine(TestPaths.NewTempDirectory(), "big.safetensors");
        var header = SafetensorsBuilder.Build($$$"""{"__metadata__":{"license":"apache-2.0"},"w":{"dtype":"U8","shape":[{{{dataLength}}}],"data_offsets":[0,{{{dataLength}}}]}}""", 0);
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew))
            {
                file.Write(header);
                file.SetLength(header.Length + dataLength); // sparse: no data written
            }

            using var stream = File.OpenRead(path);
            var inspection = new SafetensorsReader().Inspect(stream, path);

            Assert.Empty(inspection.Issues);
            Assert.Equal("apache-2.0", inspection.License);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
