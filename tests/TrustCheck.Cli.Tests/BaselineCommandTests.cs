using System.Text.Json;
using System.Text.Json.Nodes;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck baseline`, then `check` with it: today's findings become info, new ones keep their severity, stale entries are TC9008.</summary>
[Collection(CliProcessCollection.Name)]
public sealed class BaselineCommandTests : IClassFixture<PullRequestRepository>
{
    private readonly PullRequestRepository _repo;

    public BaselineCommandTests(PullRequestRepository repo) => _repo = repo;

    [Fact]
    public void Baseline_silences_todays_findings_reports_stale_entries_and_still_fails_on_a_new_error()
    {
        var app = CopyOfApp();
        Assert.Equal(1, CliRunner.Run(app, "check", ".").ExitCode); // EPPlus's LGPL-3.0-only is denied

        var written = CliRunner.Run(app, "baseline", ".");
        Assert.True(written.ExitCode == 0, written.ToString());
        var baselinePath = Path.Combine(app, "trustcheck.baseline.json");
        var baseline = JsonNode.Parse(File.ReadAllText(baselinePath))!;
        Assert.Equal(1, (int)baseline["version"]!);
        var entries = baseline["findings"]!.AsArray();
        var denied = Assert.Single(entries, e => (string?)e!["ruleId"] == "TC1001")!;
        Assert.Equal("EPPlus@4.5.3.3", (string?)denied["subject"]);
        Assert.Equal("", (string?)denied["reason"]);
        Assert.All(entries, e => Assert.Equal("App.csproj", (string?)e!["project"])); // the project, relative to the baseline's folder
        Assert.Matches("^[0-9a-f]{32}$", (string?)denied["fingerprint"]);
        Assert.DoesNotContain(entries, e => (string?)e!["ruleId"] is "TC2004" or "TC3007"); // info findings ask nothing
        denied["reason"] = "approved by legal, ticket 42";
        File.WriteAllText(baselinePath, baseline.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var check = CliRunner.Run(app, "check", ".", "--format", "json");
        Assert.True(check.ExitCode == 0, check.ToString());
        var findings = Findings(check.Stdout);
        Assert.DoesNotContain(findings, f => f.Severity is "error" or "warning");
        Assert.Equal(entries.Count, findings.Count(f => f.Baselined));
        Assert.Contains(findings, f => f.RuleId == "TC1001" && f.Severity == "info" && f.Baselined);
        Assert.DoesNotContain("\"baselined\": false", check.Stdout); // written only when true

        // Legal identifies one unknown license: its TC1002 no longer occurs, so its baseline entry is stale.
        File.WriteAllText(Path.Combine(app, "trustcheck.json"),
            "{ \"licenses\": { \"deny\": [\"LGPL-3.0-only\"] }, \"packages\": { \"overrides\": { \"K4os.Hash.xxHash@1.0.8\": { \"license\": \"MIT\", \"reason\": \"read it\" } } } }\n");
        // And the pull request swaps a locked model: a new error that no baseline entry covers.
        File.Copy(TestPaths.CorpusFile("onnx/simple/test_sequence_model1.onnx"), Path.Combine(app, "models", "extra.onnx"), overwrite: true);
        var after = CliRunner.Run(app, "check", ".", "--format", "json");
        Assert.Equal(1, after.ExitCode);
        findings = Findings(after.Stdout);
        var mismatch = Assert.Single(findings, f => f.RuleId == "TC3002");
        Assert.Equal("error", mismatch.Severity);
        Assert.False(mismatch.Baselined);
        var stale = Assert.Single(findings, f => f.RuleId == "TC9008");
        Assert.Equal("info", stale.Severity);
        Assert.Contains("TC1002 on 'K4os.Hash.xxHash@1.0.8'", stale.Message);

        // Writing it again keeps the reason of what still matches and drops the stale entry.
        File.Copy(_repo.Repository + "/app/models/extra.onnx", Path.Combine(app, "models", "extra.onnx"), overwrite: true);
        Assert.Equal(0, CliRunner.Run(app, "baseline", ".").ExitCode);
        var rewritten = JsonNode.Parse(File.ReadAllText(baselinePath))!["findings"]!.AsArray();
        Assert.Equal("approved by legal, ticket 42", (string?)rewritten.Single(e => (string?)e!["ruleId"] == "TC1001")!["reason"]);
        Assert.DoesNotContain(rewritten, e => (string?)e!["ruleId"] == "TC1002" && (string?)e!["subject"] == "K4os.Hash.xxHash@1.0.8");
    }

    [Fact]
    public void A_baseline_matches_from_the_repository_root_too()
    {
        var app = CopyOfApp();
        Assert.Equal(0, CliRunner.Run(app, "baseline", ".").ExitCode);
        var parent = Path.GetDirectoryName(app)!;
        var fromParent = CliRunner.Run(parent, "check", Path.GetFileName(app), "--format", "json");
        Assert.True(fromParent.ExitCode == 0, fromParent.ToString());
        Assert.DoesNotContain(Findings(fromParent.Stdout), f => f.RuleId == "TC9008" || f.Severity is "error" or "warning");
    }

    [Fact]
    public void An_unreadable_baseline_silences_nothing_and_says_so()
    {
        var app = CopyOfApp();
        File.WriteAllText(Path.Combine(app, "trustcheck.baseline.json"), "{ \"findings\": [ oops");
        var check = CliRunner.Run(app, "check", ".", "--format", "json");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains(Findings(check.Stdout), f => f.RuleId == "TC9004" && f.Message.Contains("trustcheck.baseline.json could not be read"));
    }

    private sealed record FindingView(string RuleId, string Severity, string Message, bool Baselined);

    private static List<FindingView> Findings(string reportJson)
    {
        using var report = JsonDocument.Parse(reportJson);
        return report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new FindingView(f.GetProperty("ruleId").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("message").GetString()!,
                f.TryGetProperty("baselined", out var b) && b.GetBoolean()))
            .ToList();
    }

    /// <summary>The head commit's app folder with its restore output, outside git, so tests can write into it.</summary>
    private string CopyOfApp()
    {
        var source = Path.Combine(_repo.Repository, "app");
        var target = Path.Combine(TestPaths.NewTempDirectory("trustcheck-baseline"), "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
