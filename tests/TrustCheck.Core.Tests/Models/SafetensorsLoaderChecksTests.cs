using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Safetensors;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// The checks of the safetensors crate (safetensors/src/tensor.rs read_metadata and Metadata::validate): a file it
/// refuses is TC3013 naming its error; the edge cases it accepts (empty header, scalars, empty tensors, unknown tensor
/// fields, any tensor order in the header) are not.
/// </summary>
public class SafetensorsLoaderChecksTests
{
    private static ModelInspection Read(byte[] file) => new SafetensorsReader().Inspect(new MemoryStream(file), "model.safetensors");

    [Theory]
    [InlineData("{}", 0)]
    [InlineData("""{"__metadata__":{}}""", 0)]
    [InlineData("""{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}""", 4)]
    [InlineData("""{"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", 2)]
    [InlineData("""{"w":{"shape":[2],"data_offsets":[0,2],"dtype":"I8","future_field":true}}""", 2)]
    [InlineData("""{"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", 3)]
    [InlineData("""{"f4":{"dtype":"F4","shape":[2],"data_offsets":[0,1]}}""", 1)]
    public void Files_the_crate_accepts_have_no_issue(string header, int dataLength) =>
        Assert.Empty(Read(SafetensorsBuilder.Build(header, dataLength)).Issues);

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "TensorInvalidInfo")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "InvalidOffset")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "MetadataIncompleteBuffer")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 2, "MetadataIncompleteBuffer")]
    [InlineData("""{"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}""", 2, "MisalignedSlice")]
    [InlineData("""{"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}""", 4, "InvalidHeaderDeserialization")]
    [InlineData("""{"__metadata__":{"n":1}}""", 0, "InvalidHeaderDeserialization")]
    public void Files_the_crate_refuses_name_its_error(string header, int dataLength, string error)
    {
        var issue = Assert.Single(Read(SafetensorsBuilder.Build(header, dataLength)).Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains(error, issue.Message);
    }

    [Theory]
    [InlineData(100_000_001UL, "HeaderTooLarge")]
    [InlineData(100_000_000UL, "InvalidHeaderLength")] // at the limit the size is allowed; this file is just too short
    public void Header_size_limit_is_the_crate_s_100_million_bytes(ulong declared, string error)
    {
        byte[] file = [.. GgufBuilder.U64Bytes(declared), .. "{}"u8];

        Assert.Contains(error, Assert.Single(Read(file).Issues).Message);
    }
}
