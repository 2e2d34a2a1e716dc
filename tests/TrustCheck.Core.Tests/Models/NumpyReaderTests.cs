using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Joblib;
using TrustCheck.Core.Models.Numpy;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class NumpyReaderTests
{
    /// <summary>An .npy v1/v2 file per numpy.lib.format: magic, version, little-endian header length, padded dict header, data.</summary>
    private static byte[] Npy(string header, byte[] data, int major = 1)
    {
        var prefixLength = major == 1 ? 10 : 12;
        var padded = header + new string(' ', (64 - (prefixLength + header.Length + 1) % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)padded.Length) : BitConverter.GetBytes((uint)padded.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(padded));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static ModelInspection Inspect(byte[] file) => new NumpyReader().Inspect(new MemoryStream(file), "arrays.npy");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Numeric_array_header_becomes_metadata(int major)
    {
        var inspection = Inspect(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[24], major));

        Assert.Equal("<f4", inspection.Metadata["descr"]);
        Assert.Equal("(2, 3)", inspection.Metadata["shape"]);
        Assert.Equal("False", inspection.Metadata["fortran_order"]);
        Assert.Empty(inspection.Issues);
    }

    [Fact]
    public void Object_array_pickle_is_scanned()
    {
        var inspection = Inspect(Npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", PickleBytes.MemoStackGlobal()));

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelPickleFormat);
        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?["global"] == "os.system");
    }

    [Fact]
    public void Header_length_beyond_the_file_is_malformed()
    {
        var file = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xff, 0xff, 0xff, 0x7f, (byte)'{' };

        var inspection = Inspect(file);

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Fact]
    public void Npz_object_member_is_scanned_with_its_member_name()
    {
        var member = Npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", PickleBytes.MemoStackGlobal());
        var npz = new ZipBytes()
            .Add("ok.npy", Npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]))
            .Add("bad.npy", member, deflate: true)
            .ToArray();

        var inspection = new NumpyReader().Inspect(new MemoryStream(npz), "arrays.npz");

        var issue = Assert.Single(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
        Assert.Equal("arrays.npz!bad.npy", issue.Data!["location"]);
        Assert.Equal("<i8", inspection.Metadata["ok.npy:descr"]);
    }

    [Fact]
    public void Joblib_file_is_a_pickle_with_the_format_notice()
    {
        var inspection = new JoblibReader().Inspect(new MemoryStream(PickleBytes.TorchStateDict()), "model.joblib");

        Assert.Equal(RuleIds.ModelPickleFormat, Assert.Single(inspection.Issues).RuleId);
    }

    [Fact]
    public void Zlib_compressed_joblib_file_is_decompressed_and_scanned()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(PickleBytes.MemoStackGlobal());
        }

        var inspection = new JoblibReader().Inspect(new MemoryStream(compressed.ToArray()), "model.joblib");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error);
    }
}
