using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Every bypass variant from <see cref="PickleBypassGenerator"/> must end in an error-level TC3010 whatever the file is
/// called and wherever it sits (plain file, zip member stored or deflated); the look-alikes must stay quiet.
/// </summary>
public class PickleBypassTests
{
    public static IEnumerable<object[]> RecognitionVariants => PickleBypassGenerator.Recognition().Select(v => new object[] { v.Name });

    public static IEnumerable<object[]> LookAlikes => PickleBypassGenerator.BenignLookAlikes().Select(v => new object[] { v.Name });

    public static IEnumerable<object[]> ArgumentVariants => PickleBypassGenerator.Arguments().Select(v => new object[] { v.Name });

    public static IEnumerable<object[]> RejectedVariants => PickleBypassGenerator.RejectedAfterImport().Select(v => new object[] { v.Name });

    private static byte[] Variant(string name) => PickleBypassGenerator.Recognition().Single(v => v.Name == name).Data;

    private static byte[] LookAlike(string name) => PickleBypassGenerator.BenignLookAlikes().Single(v => v.Name == name).Data;

    private static Report ScanFile(string relative, byte[] data, string scanPath)
    {
        using var ws = new ModelWorkspace();
        var target = ws.Path(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, data);
        return ws.Scan(scanPath);
    }

    private static void AssertUnsafe(Report report)
    {
        var all = string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity}: {f.Message}"));
        Assert.True(report.Findings.Any(f => f.RuleId == RuleIds.ModelUnsafePickle && f.Severity == "error"), "no TC3010 error:\n" + all);
    }

    [Theory]
    [MemberData(nameof(RecognitionVariants))]
    public void Variant_in_a_file_with_a_pickle_name_is_an_error(string name) =>
        AssertUnsafe(ScanFile("models/weights.bin", Variant(name), "models/weights.bin"));

    [Theory]
    [MemberData(nameof(RecognitionVariants))]
    public void Variant_in_a_file_named_as_another_format_is_an_error(string name) =>
        AssertUnsafe(ScanFile("models/model.safetensors", Variant(name), "models/model.safetensors"));

    [Theory]
    [MemberData(nameof(RecognitionVariants))]
    public void Variant_in_an_unknown_file_of_a_scanned_folder_is_an_error(string name) =>
        AssertUnsafe(ScanFile("drop/notes.txt", Variant(name), "drop"));

    [Theory]
    [MemberData(nameof(RecognitionVariants))]
    public void Variant_as_a_stored_or_deflated_zip_member_is_an_error(string name)
    {
        foreach (var deflate in new[] { false, true })
        {
            var zip = new ZipBytes()
                .Add("archive/data.pkl", PickleBytes.TorchStateDict())
                .Add("archive/extra/readme.txt", Variant(name), deflate: deflate)
                .ToArray();
            AssertUnsafe(ScanFile("models/model.pt", zip, "models/model.pt"));

            var plainZip = new ZipBytes().Add("readme.txt", Variant(name), deflate: deflate).ToArray();
            AssertUnsafe(ScanFile("drop/bundle.zip", plainZip, "drop"));
        }
    }

    [Theory]
    [MemberData(nameof(RecognitionVariants))]
    public void Sniffer_recognises_the_variant(string name)
    {
        var data = Variant(name);
        Assert.NotNull(PickleSniffer.Recognise(new MemoryStream(data), data[..Math.Min(data.Length, PickleSniffer.HeadLength)]));
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Look_alike_in_a_scanned_folder_is_not_reported(string name)
    {
        var report = ScanFile("drop/file.dat", LookAlike(name), "drop");

        Assert.Empty(report.Findings);
        Assert.Empty(report.Models);
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Look_alike_is_not_a_pickle_to_the_sniffer(string name)
    {
        var data = LookAlike(name);
        Assert.Null(PickleSniffer.Recognise(new MemoryStream(data), data[..Math.Min(data.Length, PickleSniffer.HeadLength)]));
    }

    [Theory]
    [MemberData(nameof(ArgumentVariants))]
    public void Argument_cpython_accepts_keeps_the_walk_going_to_the_import(string name)
    {
        var data = PickleBypassGenerator.Arguments().Single(v => v.Name == name).Data;

        var report = ScanFile("models/weights.bin", data, "models/weights.bin");

        AssertUnsafe(report);
        Assert.Contains(report.Findings, f => f.RuleId == RuleIds.ModelUnsafePickle && f.Data?["global"] == "posix.system");
        Assert.DoesNotContain(report.Findings, f => f.RuleId == RuleIds.ModelMalformed);
    }

    [Theory]
    [MemberData(nameof(RejectedVariants))]
    public void Argument_cpython_rejects_is_malformed_and_the_earlier_import_still_an_error(string name)
    {
        var data = PickleBypassGenerator.RejectedAfterImport().Single(v => v.Name == name).Data;

        var result = PickleScanner.Scan(data, "weights.pkl");

        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?["global"] == "posix.system");
        Assert.Equal(0, result.PickleCount);
    }

    public static IEnumerable<object[]> ObjectHeaders => PickleBypassGenerator.ObjectDtypeHeaders().Select(v => new object[] { v.Name });

    public static IEnumerable<object[]> PlainHeaders => PickleBypassGenerator.PlainDtypeHeaders().Select(v => new object[] { v.Name });

    [Theory]
    [MemberData(nameof(ObjectHeaders))]
    public void Object_dtype_in_any_spelling_has_its_data_walked(string name)
    {
        var (_, header, major) = PickleBypassGenerator.ObjectDtypeHeaders().Single(v => v.Name == name);
        var npy = PickleBypassGenerator.Npy(header, PickleBypassGenerator.ObjectArrayPayload(), major);

        AssertUnsafe(ScanFile("models/arrays.npy", npy, "models/arrays.npy"));
        AssertUnsafe(ScanFile("models/arrays.npz", new ZipBytes().Add("x.npy", npy, deflate: true).ToArray(), "models/arrays.npz"));
    }

    [Theory]
    [MemberData(nameof(PlainHeaders))]
    public void Numeric_dtype_look_alike_is_not_walked(string name)
    {
        var header = PickleBypassGenerator.PlainDtypeHeaders().Single(v => v.Name == name).Header;
        var data = Enumerable.Repeat((byte)'c', 64).ToArray(); // would read as GLOBAL opcodes if walked

        var report = ScanFile("models/arrays.npy", PickleBypassGenerator.Npy(header, data), "models/arrays.npy");

        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.ModelUnsafePickle or RuleIds.ModelMalformed or RuleIds.ModelPickleFormat);
    }

    public static IEnumerable<object[]> JoblibObjectArrays => PickleBypassGenerator.JoblibObjectArrays().Select(v => new object[] { v.Name });

    [Theory]
    [MemberData(nameof(JoblibObjectArrays))]
    public void Joblib_array_whose_dtype_holds_objects_has_the_following_pickle_walked(string name)
    {
        var data = PickleBypassGenerator.JoblibObjectArrays().Single(v => v.Name == name).Data;

        var report = ScanFile("models/model.joblib", data, "models/model.joblib");

        AssertUnsafe(report);
        Assert.Contains(report.Findings, f => f.RuleId == RuleIds.ModelUnsafePickle && f.Data?["global"] == "posix.system");
    }
}
