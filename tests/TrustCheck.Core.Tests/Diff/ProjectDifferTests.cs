using TrustCheck.Core.Diff;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Tests.Diff;

/// <summary>The comparison rules that the end-to-end diff tests cannot force: updated findings, limits, hostile text.</summary>
public class ProjectDifferTests
{
    private const string Work = "/work/repo";

    [Fact]
    public void A_finding_whose_facts_changed_is_updated_not_new_plus_fixed()
    {
        var before = Report([Finding("TC3003", "models/a.gguf", ("license", "LicenseRef-llama3"))]);
        var after = Report([Finding("TC3003", "models/a.gguf", ("license", "LicenseRef-gemma"))]);
        var diff = ProjectDiffer.Compare(after, DiffBase.FromReport("main", before), Work, Work);
        var updated = Assert.Single(diff.Findings.New);
        Assert.Equal("updated", diff.Findings.States[updated]);
        Assert.Empty(diff.Findings.Fixed);
        Assert.Equal(0, diff.Findings.Unchanged);
    }

    [Fact]
    public void A_moved_line_keeps_the_finding_unchanged()
    {
        var before = Report([Finding("TC1002", "Pkg@1.0.0", line: 7)]);
        var after = Report([Finding("TC1002", "Pkg@1.0.0", line: 12)]);
        var diff = ProjectDiffer.Compare(after, DiffBase.FromReport("main", before), Work, Work);
        Assert.Empty(diff.Findings.New);
        Assert.Empty(diff.Findings.Fixed);
        Assert.Equal(1, diff.Findings.Unchanged);
    }

    [Fact]
    public void Package_ids_match_case_insensitively_and_two_versions_are_added_and_removed_per_version()
    {
        var lockFile = new TrustCheckLock
        {
            Packages =
            [
                new LockedPackage { Id = "newtonsoft.json", Version = "12.0.3", License = "MIT" },
                new LockedPackage { Id = "Dual", Version = "1.0.0", License = "MIT" },
                new LockedPackage { Id = "Dual", Version = "2.0.0", License = "MIT" },
            ],
        };
        var current = Report([], ("Newtonsoft.Json", "13.0.4", "MIT"), ("Dual", "2.0.0", "MIT"), ("Dual", "3.0.0", "Apache-2.0"));
        var diff = ProjectDiffer.Compare(current, DiffBase.FromLock("main", lockFile), Work, Work);
        var upgrade = Assert.Single(diff.Packages.Changed);
        Assert.Equal(("Newtonsoft.Json", "12.0.3", "13.0.4"), (upgrade.Id, upgrade.From, upgrade.To));
        Assert.False(upgrade.LicenseChanged);
        Assert.Equal(("Dual", "3.0.0", "Apache-2.0"), Assert.Single(diff.Packages.Added) is var a ? (a.Id, a.Version, a.License) : default);
        Assert.Equal(("Dual", "1.0.0"), Assert.Single(diff.Packages.Removed) is var r ? (r.Id, r.Version) : default);
    }

    [Fact]
    public void Markdown_stays_under_the_comment_limit_and_counts_what_it_left_out()
    {
        var findings = Enumerable.Range(0, 3000).Select(i => Finding("TC1002", $"Package{i}@1.0.0", message: new string('x', 200))).ToArray();
        var diff = ProjectDiffer.Compare(Report(findings), DiffBase.FromReport("main", Report([])), Work, Work);
        var markdown = DiffMarkdownWriter.Serialize(diff);
        Assert.True(markdown.Length <= 65_536, markdown.Length.ToString());
        Assert.StartsWith("## :warning: TrustCheck: this change brings 3000 new warnings, no new error", markdown);
        Assert.Matches(@"> [1-9][0-9]* more rows not shown", markdown);
    }

    [Fact]
    public void Markdown_cells_cannot_inject_links_images_mentions_or_columns()
    {
        var current = Report([], ("Evil|<img src=x>[a](http://x)", "1.0.0", "@org/team"));
        var diff = ProjectDiffer.Compare(current, DiffBase.FromLock("main", new TrustCheckLock()), Work, Work);
        var row = DiffMarkdownWriter.Serialize(diff).Split('\n').Single(l => l.StartsWith("| added |", StringComparison.Ordinal));
        Assert.Equal("| added | Evil\\|\\<img src=x\\>\\[a\\](http://x) | 1.0.0 | @\u200Dorg/team |", row);
    }

    [Fact]
    public void Diff_base_tells_a_lock_from_a_report_and_rejects_anything_else()
    {
        Assert.NotNull(DiffBase.Parse("l", "{ \"version\": 1, \"packages\": [], \"models\": [] }").Lock);
        Assert.NotNull(DiffBase.Parse("r", ReportJson.Serialize(Report([]))).Report);
        Assert.Throws<FormatException>(() => DiffBase.Parse("x", "[1, 2]"));
        Assert.Throws<FormatException>(() => DiffBase.Parse("x", "{ \"name\": \"not ours\" }"));
        Assert.Throws<FormatException>(() => DiffBase.Parse("x", "{ broken"));
    }

    private static ReportFinding Finding(string ruleId, string subject, params (string Key, string Value)[] data) => Finding(ruleId, subject, null, null, data);

    private static ReportFinding Finding(string ruleId, string subject, int? line = null, string? message = null, params (string Key, string Value)[] data) => new()
    {
        RuleId = ruleId,
        Severity = "warning",
        Message = message ?? $"{ruleId} on {subject}",
        Subject = subject,
        Location = new ReportLocation(subject.Contains('@') ? "App.csproj" : subject, line),
        Data = data.Length == 0 ? null : data.ToDictionary(d => d.Key, d => d.Value),
    };

    private static Report Report(ReportFinding[] findings, params (string Id, string Version, string? License)[] packages) => new()
    {
        Findings = findings.ToList(),
        Packages = packages.Select(p => new PackageReport { Id = p.Id, Version = p.Version, License = new LicenseReport { Expression = p.License } }).ToList(),
    };
}
