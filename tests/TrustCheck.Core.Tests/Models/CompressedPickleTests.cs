using System.IO.Compression;
using TrustCheck.Core.Models.Joblib;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Compressed pickles are opened by content (tests/fixtures/pickle-bypasses, written by generate.py there from
/// hand-built bytes): every compression joblib.load opens hides nothing, and what cannot be opened is TC3018.
/// </summary>
public class CompressedPickleTests
{
    private static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "pickle-bypasses");

    public static IEnumerable<object[]> Named(string prefix) => Directory.GetFiles(Folder, prefix + "*").Select(f => new object[] { Path.GetFileName(f) });

    public static IEnumerable<object[]> Evil => Named("evil-");

    public static IEnumerable<object[]> Unopened => Named("unopened-");

    public static IEnumerable<object[]> Benign => Named("benign-");

    private static Report Scan(string name, string? rename = null, bool asFolder = false)
    {
        using var ws = new ModelWorkspace();
        var relative = "in/" + (rename ?? name);
        Directory.CreateDirectory(ws.Path("in"));
        File.Copy(Path.Combine(Folder, name), ws.Path(relative));
        return ws.Scan(asFolder ? "in" : relative);
    }

    private static string All(Report report) => string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity}: {f.Message}"));

    [Fact]
    public void Every_compression_joblib_opens_has_fixtures()
    {
        foreach (var codec in new[] { "zlib", "gzip", "bz2", "xz", "lzma", "lz4" })
        {
            Assert.Contains(Evil, e => ((string)e[0]).Contains("-" + codec + ".", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Evil))]
    public void Compressed_payload_is_an_error_by_name_and_in_a_scanned_folder(string name)
    {
        foreach (var report in new[] { Scan(name), Scan(name, "innocent.dat", asFolder: true) })
        {
            Assert.True(report.Findings.Any(f => f.RuleId == RuleIds.ModelUnsafePickle && f.Severity == "error" && f.Data?["global"] is "posix.system" or "os.system"),
                All(report));
        }
    }

    [Theory]
    [MemberData(nameof(Unopened))]
    public void Compressed_model_that_cannot_be_opened_is_TC3018(string name)
    {
        var report = Scan(name);

        Assert.True(report.Findings.Any(f => f.RuleId == RuleIds.ModelCompressedUnopened && f.Severity == "error"), All(report));
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Compressed_benign_file_has_no_error(string name)
    {
        var report = Scan(name, asFolder: true);

        Assert.DoesNotContain(report.Findings, f => f.Severity == "error");
        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.ModelUnsafePickle or RuleIds.ModelCompressedUnopened or RuleIds.ModelMalformed);
    }

    [Fact]
    public void Payload_after_the_first_pickle_in_a_gzip_stream_is_seen()
    {
        var data = PickleBytes.Start(2).Op('N').Stop().Append(PickleBytes.Start(2).Global("os", "system").Stop().ToArray()).ToArray();
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var inspection = new TrustCheck.Core.Models.Pickle.PickleReader().Inspect(new MemoryStream(compressed.ToArray()), "model.pkl.gz");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?["global"] == "os.system");
    }

    [Fact]
    public void Corruption_part_way_keeps_what_was_read_and_is_malformed()
    {
        var data = PickleBytes.Start(2).Global("os", "system").Append(Enumerable.Repeat((byte)'N', 100_000).ToArray()).Stop().ToArray();
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        var bytes = compressed.ToArray();
        Array.Fill(bytes, (byte)0xff, bytes.Length / 2, bytes.Length / 2 - 1);
        var inspection = new JoblibReader().Inspect(new MemoryStream(bytes), "model.joblib");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?["global"] == "os.system");
        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Fact]
    public void Xz_dictionary_size_is_read_before_decoding()
    {
        var head = File.ReadAllBytes(Path.Combine(Folder, "evil-text-xz.joblib"));

        Assert.InRange(CompressedStreams.XzDictionarySize(head)!.Value, 1, CompressedStreams.MaxDictionarySize);
    }

    [Fact]
    public void Long1_cut_off_by_the_end_of_a_decompressed_stream_is_truncation_not_a_crash()
    {
        // Fuzz find: a gzip stream whose pickle ends inside a LONG1 value (the decompressed length is unknown up front).
        var data = PickleBytes.Start(2).Op(0x8a).Raw(8, 1, 2).ToArray();
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var inspection = new JoblibReader().Inspect(new MemoryStream(compressed.ToArray()), "model.joblib");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Fact]
    public void Lzma_stream_that_runs_out_of_input_ends_instead_of_inventing_data()
    {
        // Fuzz find: a 19-byte .lzma (dictionary 8 MB, unknown size, 6 data bytes). SharpCompress' range coder reads the
        // end of input as 0xFF bytes and decoded garbage up to the walker's 256 MB cap (seconds per file); liblzma stops.
        var bytes = Convert.FromHexString("5D00008000FFFFFFFFFFFFFFFF00270C2BFC1D");
        using var stream = CompressedStreams.Open(new MemoryStream(bytes), Compression.Lzma, out var problem);
        Assert.NotNull(stream);

        var total = 0L;
        var buffer = new byte[65536];
        int read;
        while ((read = stream.Read(buffer)) > 0 && total < 16 * 1024 * 1024)
        {
            total += read;
        }

        Assert.InRange(total, 0, 64 * 1024);
        Assert.Contains("ends before its end marker", stream.Failure);
        var inspection = new JoblibReader().Inspect(new MemoryStream(bytes), "model.joblib");
        Assert.Contains(inspection.Issues, i => i.RuleId is RuleIds.ModelMalformed or RuleIds.ModelCompressedUnopened);
    }
}
