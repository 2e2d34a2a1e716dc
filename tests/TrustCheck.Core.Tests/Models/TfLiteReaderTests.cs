using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.TfLite;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

public class TfLiteReaderTests
{
    private static ModelInspection Read(byte[] bytes) => new TfLiteReader().Inspect(new MemoryStream(bytes), "model.tflite");

    /// <summary>ModelMetadata (metadata_schema.fbs): name, description, version, subgraph_metadata (absent), author, license.</summary>
    private static byte[] ModelMetadata()
    {
        var fb = new FlatBufferBuilder();
        var setRoot = fb.Root("M001");
        var (table, fields) = fb.Table(4, 4, 4, 0, 4, 4);
        setRoot(table);
        (int Field, string Value)[] strings = [(0, "MobileNet"), (1, "Image classifier"), (2, "v2"), (4, "TensorFlow"), (5, "Apache License. Version 2.0")];
        foreach (var (field, value) in strings)
        {
            var at = fields[field];
            var s = fb.String(value);
            fb.Patch(at, () => s);
        }

        return fb.Build();
    }

    /// <summary>Model (schema.fbs): version 3, description, buffers [empty, metadata], metadata [{name, buffer}].</summary>
    private static byte[] Model(string metadataName, uint bufferIndex, byte[] metadataBytes)
    {
        var fb = new FlatBufferBuilder();
        var setRoot = fb.Root("TFL3");
        var (model, fields) = fb.Table(4, 0, 0, 4, 4, 0, 4);
        setRoot(model);
        fb.SetU32(fields[0], 3);
        var description = fb.String("unit test model");
        fb.Patch(fields[3], () => description);

        var (buffers, bufferElements) = fb.OffsetVector(2);
        fb.Patch(fields[4], () => buffers);
        var (emptyBuffer, _) = fb.Table();
        fb.Patch(bufferElements[0], () => emptyBuffer);
        var (dataBuffer, dataFields) = fb.Table(4);
        fb.Patch(bufferElements[1], () => dataBuffer);
        var data = fb.ByteVector(metadataBytes);
        fb.Patch(dataFields[0], () => data);

        var (metadata, metadataElements) = fb.OffsetVector(1);
        fb.Patch(fields[6], () => metadata);
        var (entry, entryFields) = fb.Table(4, 4);
        fb.Patch(metadataElements[0], () => entry);
        var name = fb.String(metadataName);
        fb.Patch(entryFields[0], () => name);
        fb.SetU32(entryFields[1], bufferIndex);
        return fb.Build();
    }

    [Fact]
    public void Schema_version_and_description_are_read()
    {
        using var stream = File.OpenRead(TestPaths.CorpusFile("tflite-rs/MNISTnet_uint8_quant.tflite"));

        var inspection = new TfLiteReader().Inspect(stream, "MNISTnet_uint8_quant.tflite");

        Assert.Empty(inspection.Issues);
        Assert.Equal("3", inspection.Metadata["version"]);
        Assert.Equal("TOCO Converted.", inspection.Metadata["description"]);
        Assert.Equal(2, inspection.Metadata.Count);
    }

    [Fact]
    public void Tflite_metadata_buffer_gives_name_author_and_license()
    {
        var inspection = Read(Model("TFLITE_METADATA", 1, ModelMetadata()));

        Assert.Empty(inspection.Issues);
        Assert.Equal("unit test model", inspection.Metadata["description"]);
        Assert.Equal("MobileNet", inspection.Metadata["metadata.name"]);
        Assert.Equal("Image classifier", inspection.Metadata["metadata.description"]);
        Assert.Equal("v2", inspection.Metadata["metadata.version"]);
        Assert.Equal("TensorFlow", inspection.Metadata["metadata.author"]);
        Assert.Equal("Apache License. Version 2.0", inspection.License);
        Assert.Equal("tflite:metadata.license", inspection.LicenseSource);
    }

    [Fact]
    public void Min_runtime_version_metadata_is_read_as_text()
    {
        var inspection = Read(Model("min_runtime_version", 1, Encoding.ASCII.GetBytes("1.5.0\0\0\0")));

        Assert.Equal("1.5.0", inspection.Metadata["min_runtime_version"]);
    }

    [Fact]
    public void Metadata_pointing_at_a_missing_buffer_is_malformed()
    {
        var issue = Assert.Single(Read(Model("TFLITE_METADATA", 7, ModelMetadata())).Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("buffer 7", issue.Message);
    }

    [Fact]
    public void Root_offset_outside_the_file_is_malformed()
    {
        byte[] file = [0xFF, 0xFF, 0xFF, 0x7F, .. "TFL3"u8, 0, 0, 0, 0];

        Assert.Contains(Read(file).Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("outside the flatbuffer"));
    }

    [Fact]
    public void Every_truncation_is_handled_without_a_crash()
    {
        var file = Model("TFLITE_METADATA", 1, ModelMetadata());

        for (var length = 0; length < file.Length; length++)
        {
            Assert.NotNull(Read(file[..length]));
        }

        Assert.Contains(Read(file[..(file.Length / 2)]).Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }
}
