using TrustCheck.Core.Models;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>The corpus labels, applied to every corpus file the format readers own (MANIFEST.tsv drives the rows).</summary>
public class FormatsCorpusTests
{
    public static IEnumerable<object[]> Malicious => FormatsCorpus.ReaderRows("malicious");
    public static IEnumerable<object[]> Benign => FormatsCorpus.ReaderRows("benign");
    public static IEnumerable<object[]> Suspicious => FormatsCorpus.ReaderRows("suspicious");
    public static IEnumerable<object[]> Malformed => FormatsCorpus.ReaderRows("malformed");
    public static IEnumerable<object[]> ModelFiles => FormatsCorpus.ModelRows();

    [Theory]
    [MemberData(nameof(Malicious))]
    public void Malicious_file_gets_an_error_level_code_or_mismatch_issue(CorpusRow row)
    {
        var (_, issues, _) = FormatsCorpus.Inspect(row.Path);

        Assert.Contains(issues, i => i.RuleId is RuleIds.ModelEmbedsCode or RuleIds.ModelFormatMismatch && FormatsCorpus.SeverityOf(i) == RuleSeverity.Error);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Benign_file_gets_no_error_level_issue(CorpusRow row)
    {
        var (_, issues, _) = FormatsCorpus.Inspect(row.Path);

        Assert.DoesNotContain(issues, i => FormatsCorpus.SeverityOf(i) == RuleSeverity.Error);
        Assert.DoesNotContain(issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Theory]
    [MemberData(nameof(Suspicious))]
    public void Suspicious_file_gets_a_warning_level_issue(CorpusRow row)
    {
        var (_, issues, _) = FormatsCorpus.Inspect(row.Path);

        Assert.Contains(issues, i => FormatsCorpus.SeverityOf(i) == RuleSeverity.Warning && i.RuleId == RuleIds.ModelEmbedsCode);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_file_is_reported_as_broken_or_mismatched_never_as_malicious(CorpusRow row)
    {
        var (_, issues, _) = FormatsCorpus.Inspect(row.Path);

        Assert.Contains(issues, i => i.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch);
        Assert.DoesNotContain(issues, i => i.RuleId == RuleIds.ModelEmbedsCode);
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Content_detection_matches_the_corpus_format_column(CorpusRow row)
    {
        using var stream = File.OpenRead(TrustCheck.Tests.TestPaths.CorpusFile(row.Path));

        var detected = FormatDetector.Detect(stream, row.Path);

        // A malformed file may be recognised as nothing at all (e.g. not_a_pickle.bin); that is the point of its label.
        var expected = row.Label == "malformed" ? [.. FormatsCorpus.ExpectedDetections[row.Format], ModelFormats.Unknown] : FormatsCorpus.ExpectedDetections[row.Format];
        Assert.Contains(detected.Format, expected);
        Assert.False(string.IsNullOrWhiteSpace(detected.Evidence));
    }

    [Fact]
    public void The_corpus_has_rows_for_every_label_the_format_readers_own()
    {
        Assert.NotEmpty(Malicious);
        Assert.NotEmpty(Benign);
        Assert.NotEmpty(Suspicious);
        Assert.NotEmpty(Malformed);
    }
}
