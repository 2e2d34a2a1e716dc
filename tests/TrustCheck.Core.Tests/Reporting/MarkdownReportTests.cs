using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Reporting;

public class MarkdownReportTests
{
    [Fact]
    public void Hostile_text_cannot_break_the_table_or_inject_markdown()
    {
        var message = "evil | cell\nnew row [click](https://x.example) ![img](https://x.example/i.png) <script> @octo-org/team";
        var report = ReportBuilder.Build(
            [new Finding(RuleIds.ModelUnsafePickle, RuleSeverity.Error, message, "models/a|b.pt", new FindingLocation("models/a|b.pt"))],
            [], []);

        var markdown = MarkdownReportWriter.Serialize(report);

        var row = Assert.Single(markdown.Split('\n'), l => l.Contains("TC3010]("));
        Assert.Equal(4, row.Replace("\\|", "").Count(c => c == '|')); // three cells: no pipe escaped the cell
        Assert.Contains("evil \\| cell new row", row);
        Assert.Contains("\\[click\\](https://x.example)", row);
        Assert.Contains("\\!\\[img\\]", row);
        Assert.Contains("\\<script\\>", row);
        Assert.Contains("@\u200Docto-org", row);
        Assert.Contains("`models/a\\|b.pt`", row);
    }

    [Fact]
    public void Headline_says_failed_and_counts_each_severity()
    {
        var markdown = MarkdownReportWriter.Serialize(ReportFixture.Create());

        Assert.StartsWith("## :x: TrustCheck: failed", markdown);
        Assert.Contains("**1 error**, 1 warning, 1 info", markdown);
        Assert.True(markdown.IndexOf("### Error (1)", StringComparison.Ordinal) < markdown.IndexOf("### Warning (1)", StringComparison.Ordinal));
        Assert.Contains("| Microsoft.ML.OnnxRuntime.Managed | 1.31.1 | MIT (file) | author | yes |", markdown);
        Assert.Contains("| `models/phi.gguf` | gguf | LicenseRef-llama3.1 (metadata) | open-weights | acceptable-use-policy | yes | no |", markdown);
    }

    [Fact]
    public void Huge_report_is_cut_under_the_comment_limit_with_a_note()
    {
        var findings = Enumerable.Range(0, 5000).Select(i => new Finding(RuleIds.PackageNoRepository, RuleSeverity.Info,
            new string('x', 200), $"Pkg{i}@1.0.0")).ToList();
        var report = ReportBuilder.Build(findings, [], []);

        var markdown = MarkdownReportWriter.Serialize(report);

        Assert.InRange(markdown.Length, 50_000, 65_535);
        Assert.Contains("more findings are not shown", markdown);
    }
}
