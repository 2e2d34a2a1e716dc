using TrustCheck.Core.Models;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// TrustCheck's readers against each format's own reader, on files that format's own writer produced: every file the
/// reference reader accepts is read as its format with the same metadata and no error or TC3013; every file it rejects
/// is reported as malformed (TC3013) or as another format (TC3014), never as malicious.
/// </summary>
public class DifferentialFixtureTests
{
    public static IEnumerable<object[]> AcceptedModels => DifferentialFixtures.Rows(r => r.Accepted && r.Format != "tensor-data");
    public static IEnumerable<object[]> Rejected => DifferentialFixtures.Rows(r => !r.Accepted);

    /// <summary>Writers whose output TrustCheck reports by design: TorchScript archives carry code that torch.jit.load compiles (TC3012).</summary>
    private static readonly Dictionary<string, string> ReportedByDesign = new(StringComparer.Ordinal)
    {
        ["torch.jit.save"] = RuleIds.ModelEmbedsCode,
    };

    [Theory]
    [MemberData(nameof(AcceptedModels))]
    public void File_the_reference_reader_accepts_is_read_as_its_format_with_its_metadata(ReferenceReading reading)
    {
        var (detected, issues, inspection) = FormatsCorpus.InspectFile(reading.FullPath, reading.File);

        Assert.Equal(reading.Format, inspection?.Format ?? detected.Format);
        Assert.DoesNotContain(issues, i => i.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch);
        if (ReportedByDesign.TryGetValue(reading.Writer, out var rule))
        {
            Assert.Contains(issues, i => i.RuleId == rule);
        }
        else
        {
            Assert.DoesNotContain(issues, i => FormatsCorpus.SeverityOf(i) == RuleSeverity.Error);
        }

        foreach (var (key, value) in reading.Metadata)
        {
            Assert.True(inspection!.Metadata.TryGetValue(key, out var actual), $"{reading.File}: metadata '{key}' ({reading.Reference} reads '{value}') is missing");
            Assert.Equal(value, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void File_the_reference_reader_rejects_is_reported_as_malformed(ReferenceReading reading)
    {
        var (_, issues, _) = FormatsCorpus.InspectFile(reading.FullPath, reading.File);

        Assert.True(issues.Any(i => i.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch),
            $"{reading.File}: {reading.Reference} rejects it ({reading.Reason}), TrustCheck reported {string.Join(", ", issues.Select(i => i.RuleId))}");
        Assert.DoesNotContain(issues, i => i.RuleId is RuleIds.ModelEmbedsCode or RuleIds.ModelUnsafePickle);
    }

    [Fact]
    public void The_fixtures_cover_every_writer_and_both_verdicts()
    {
        var formats = DifferentialFixtures.All.Select(r => r.Format).ToHashSet();

        Assert.Superset(new HashSet<string> { "pytorch", "numpy", "onnx", "hdf5", "tensor-data" }, formats);
        Assert.Contains(DifferentialFixtures.All, r => !r.Accepted);
        Assert.All(DifferentialFixtures.All, r => Assert.True(File.Exists(r.FullPath), r.File));
    }
}
