using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Numpy;
using TrustCheck.Core.Models.PyTorch;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class PickleArchiveTests
{
    private static readonly byte[] Evil = PickleBytes.MemoStackGlobal();

    private static ModelInspection Torch(byte[] file) => new PyTorchReader().Inspect(new MemoryStream(file), "model.pt");

    private static bool HasError(ModelInspection inspection, string global) => inspection.Issues.Any(i =>
        i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error && i.Data?["global"] == global);

    private static bool HasMalformed(ModelInspection inspection, string text) => inspection.Issues.Any(i =>
        i.RuleId == RuleIds.ModelMalformed && i.Message.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void Torch_zip_state_dict_is_clean_with_the_format_notice()
    {
        var zip = new ZipBytes()
            .Add("archive/data.pkl", PickleBytes.TorchStateDict())
            .Add("archive/data/0", new byte[16])
            .Add("archive/version", Encoding.ASCII.GetBytes("3\n"))
            .ToArray();

        var inspection = Torch(zip);

        Assert.Equal(RuleIds.ModelPickleFormat, Assert.Single(inspection.Issues).RuleId);
        Assert.Equal("pytorch", inspection.Format);
    }

    [Fact]
    public void Hidden_second_pickle_in_another_folder_is_scanned()
    {
        var zip = new ZipBytes()
            .Add("archive/data.pkl", PickleBytes.TorchStateDict())
            .Add(".hidden/extra/payload.pkl", Evil, deflate: true)
            .ToArray();

        var inspection = Torch(zip);

        var issue = Assert.Single(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
        Assert.Equal("model.pt!.hidden/extra/payload.pkl", issue.Data!["location"]);
    }

    [Fact]
    public void Torchscript_code_is_reported_and_constants_are_scanned()
    {
        var zip = new ZipBytes()
            .Add("net/data.pkl", PickleBytes.TorchStateDict())
            .Add("net/code/__torch__/net.py", Encoding.UTF8.GetBytes("def forward(self, x):\n  return x\n"))
            .Add("net/constants.pkl", Evil)
            .ToArray();

        var inspection = Torch(zip);

        var code = Assert.Single(inspection.Issues, i => i.RuleId == RuleIds.ModelEmbedsCode);
        Assert.Equal("net/code/__torch__/net.py", code.Data!["entries"]);
        Assert.True(HasError(inspection, "os.system"));
    }

    [Theory]
    [InlineData((ushort)0x0001)]
    [InlineData((ushort)0x0020)]
    [InlineData((ushort)0x0040)]
    public void Encryption_flag_on_clear_data_is_ignored_like_pytorch_does(ushort flags)
    {
        var inspection = Torch(new ZipBytes().Add("model/config.pkl", Evil, flags).ToArray());

        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Really_encrypted_member_is_uninspectable()
    {
        var cipher = new byte[Evil.Length + 12];
        new Random(1).NextBytes(cipher);
        var zip = new ZipBytes().AddRaw(new ZipBytes.Member("data.pkl", Evil, Flags: 1, Stored: cipher)).ToArray();

        var inspection = Torch(zip);

        Assert.True(HasMalformed(inspection, "encrypted"));
        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
    }

    [Fact]
    public void Pickle_with_a_misleading_member_name_is_sniffed()
    {
        var inspection = Torch(new ZipBytes().Add("notes/readme.txt", Evil, deflate: true).ToArray());

        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Local_and_central_names_that_differ_are_both_reported()
    {
        var inspection = Torch(new ZipBytes().Add("data.pkl", Evil, localName: "innocent.txt").ToArray());

        Assert.True(HasMalformed(inspection, "'innocent.txt'"));
        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Zip_slip_name_is_reported_and_never_extracted()
    {
        var inspection = Torch(new ZipBytes().Add("../../etc/cron.d/x.pkl", Evil).ToArray());

        Assert.True(HasMalformed(inspection, "zip-slip"));
        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Zip64_directory_is_followed_to_the_pickle()
    {
        var zip = new ZipBytes { Zip64 = true }
            .Add("archive/data.pkl", PickleBytes.TorchStateDict())
            .Add("archive/extra.pkl", Evil, deflate: true)
            .ToArray();

        var inspection = Torch(zip);

        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Archive_without_central_directory_is_walked_by_local_headers()
    {
        var inspection = Torch(new ZipBytes().Add("archive/data.pkl", Evil).ToArray(withCentralDirectory: false));

        Assert.True(HasMalformed(inspection, "central directory"));
        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Unsupported_compression_method_is_uninspectable()
    {
        var zip = new ZipBytes().AddRaw(new ZipBytes.Member("data.pkl", Evil, Method: 14)).ToArray();

        Assert.True(HasMalformed(Torch(zip), "compression method 14"));
    }

    [Fact]
    public void Huge_data_member_is_only_sniffed_not_inflated()
    {
        // 4 GB of zeros claimed, a few KB stored: only the first bytes are ever decompressed.
        var zeros = ZipBytes.Deflate(new byte[4 * 1024 * 1024]);
        var zip = new ZipBytes()
            .Add("archive/data.pkl", PickleBytes.TorchStateDict())
            .AddRaw(new ZipBytes.Member("archive/data/0", Array.Empty<byte>(), Method: 8, Stored: zeros, DeclaredUncompressed: 0xFFFFFFF0))
            .ToArray();

        var inspection = Torch(zip);

        Assert.Equal(RuleIds.ModelPickleFormat, Assert.Single(inspection.Issues).RuleId);
    }

    [Fact]
    public void Pickle_bomb_member_stops_at_a_cap()
    {
        // 60 M NONE opcodes deflate to ~60 KB; the walk stops at the stack-depth cap with TC3013 instead of running on.
        var bomb = new byte[60_000_002];
        Array.Fill(bomb, (byte)'N');
        bomb[0] = 0x80;
        bomb[1] = 2;

        var inspection = Torch(new ZipBytes().Add("archive/data.pkl", bomb, deflate: true).ToArray());

        Assert.True(HasMalformed(inspection, "stopped walking"));
    }

    [Fact]
    public void Central_directory_beyond_the_file_is_malformed_not_a_crash()
    {
        var zip = new ZipBytes().Add("data.pkl", Evil).ToArray();
        zip[^6] = 0xff; // central directory offset high byte
        zip[^5] = 0x7f;

        var inspection = Torch(zip);

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        Assert.True(HasError(inspection, "os.system"));
    }

    [Fact]
    public void Legacy_torch_file_scans_every_pickle_and_ignores_storage_bytes()
    {
        var magic = PickleBytes.Start(2).Op(0x8a).Raw(10).Raw(0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).Stop().ToArray();
        var protocol = PickleBytes.Start(2).Op('M').Raw(0xe9, 0x03).Stop().ToArray();
        var sysInfo = PickleBytes.Start(2).Op('}').BinUnicode("little_endian").Op(0x88).Op('s').Stop().ToArray();
        var keys = PickleBytes.Start(2).Op(']').BinUnicode("0").Op('a').Stop().ToArray();
        var storage = new byte[] { 4, 0, 0, 0, 0, 0, 0, 0 }.Concat(new byte[16]).ToArray();
        var file = magic.Concat(protocol).Concat(sysInfo).Concat(PickleBytes.TorchStateDict()).Concat(keys).Concat(storage).ToArray();

        var inspection = Torch(file);

        Assert.Equal(RuleIds.ModelPickleFormat, Assert.Single(inspection.Issues).RuleId);
    }

    [Fact]
    public void Legacy_torch_file_with_a_payload_in_a_later_pickle_is_an_error()
    {
        var file = PickleBytes.Start(2).Op('N').Stop().Append(PickleBytes.Start(2).Op('N').Stop().ToArray()).Append(Evil).ToArray();

        Assert.True(HasError(Torch(file), "os.system"));
    }

    [Fact]
    public void Png_named_pt_is_not_a_pytorch_file()
    {
        var inspection = Torch(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a });

        Assert.True(HasMalformed(inspection, "not a PyTorch file"));
    }

    [Fact]
    public void Seven_zip_archive_is_uninspectable_never_clean()
    {
        var inspection = Torch(new byte[] { (byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4, 1, 2, 3 });

        Assert.True(HasMalformed(inspection, "7-Zip"));
    }

    [Fact]
    public void Readers_are_registered_under_the_contract_format_names()
    {
        Assert.IsType<PyTorchReader>(ModelReaders.For("pytorch"));
        Assert.IsType<NumpyReader>(ModelReaders.For("numpy"));
        Assert.IsType<TrustCheck.Core.Models.Joblib.JoblibReader>(ModelReaders.For("joblib"));
        Assert.IsType<TrustCheck.Core.Models.Pickle.PickleReader>(ModelReaders.For("pickle"));
    }
}
