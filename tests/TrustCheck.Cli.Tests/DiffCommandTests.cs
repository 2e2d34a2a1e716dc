using System.Text.Json;
using NJsonSchema;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck diff` on a real pull request in a real git repository (see <see cref="PullRequestRepository"/>).</summary>
[Collection(CliProcessCollection.Name)]
public sealed class DiffCommandTests : IClassFixture<PullRequestRepository>
{
    private const string GplWithException = "GPL-2.0-only WITH Universal-FOSS-exception-1.0";
    private static readonly Lazy<JsonSchema> SarifSchema = new(() =>
        JsonSchema.FromFileAsync(TestPaths.CorpusFile("schemas/sarif-schema-2.1.0.json")).GetAwaiter().GetResult());

    private readonly PullRequestRepository _repo;

    public DiffCommandTests(PullRequestRepository repo) => _repo = repo;

    [Fact]
    public void Json_against_the_parent_commit_lists_packages_models_and_findings_field_by_field()
    {
        var result = _repo.Diff("--base", "HEAD~1", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString()); // EPPlus's LGPL-3.0-only is denied: a new error
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(["schemaVersion", "base", "packages", "models", "findings"], Names(root));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("HEAD~1", root.GetProperty("base").GetString());

        var packages = root.GetProperty("packages");
        var epplus = Single(packages.GetProperty("added"), "id", "EPPlus");
        Assert.Equal(["id", "version", "license"], Names(epplus));
        Assert.Equal("4.5.3.3", epplus.GetProperty("version").GetString());
        Assert.Equal("LGPL-3.0-only", epplus.GetProperty("license").GetString());
        var mysql = Single(packages.GetProperty("changed"), "id", "MySql.Data");
        Assert.Equal(["id", "from", "to", "licenseFrom", "licenseTo"], Names(mysql));
        Assert.Equal("8.0.16", mysql.GetProperty("from").GetString());
        Assert.Equal("26.10.0", mysql.GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, mysql.GetProperty("licenseFrom").ValueKind);
        Assert.Equal(GplWithException, mysql.GetProperty("licenseTo").GetString());
        var removed = Single(packages.GetProperty("removed"), "id", "BouncyCastle.NetCore"); // MySql.Data 8 needed it, 26 does not
        Assert.Equal("1.8.5", removed.GetProperty("version").GetString());
        Assert.DoesNotContain("FluentAssertions", result.Stdout); // unchanged packages are not listed

        var models = root.GetProperty("models");
        var added = Assert.Single(models.GetProperty("added").EnumerateArray());
        Assert.Equal(["path", "sha256", "license"], Names(added));
        Assert.Equal("models/extra.onnx", added.GetProperty("path").GetString());
        Assert.Equal(PullRequestRepository.Sha256Of(PullRequestRepository.AddedModelSource), added.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("license").ValueKind);
        var changed = Assert.Single(models.GetProperty("changed").EnumerateArray());
        Assert.Equal(["path", "sha256From", "sha256To", "licenseFrom", "licenseTo"], Names(changed));
        Assert.Equal("models/model.onnx", changed.GetProperty("path").GetString());
        Assert.Equal(PullRequestRepository.Sha256Of(PullRequestRepository.BaseModelSource), changed.GetProperty("sha256From").GetString());
        Assert.Equal(PullRequestRepository.Sha256Of(PullRequestRepository.HeadModelSource), changed.GetProperty("sha256To").GetString());
        Assert.Empty(models.GetProperty("removed").EnumerateArray());

        var findings = root.GetProperty("findings");
        var newFindings = findings.GetProperty("new").EnumerateArray().ToList();
        var denied = Assert.Single(newFindings, f => f.GetProperty("ruleId").GetString() == "TC1001");
        Assert.Equal("error", denied.GetProperty("severity").GetString());
        Assert.Equal("EPPlus@4.5.3.3", denied.GetProperty("subject").GetString());
        Assert.Contains(newFindings, f => f.GetProperty("ruleId").GetString() == "TC3004" && f.GetProperty("subject").GetString() == "app/models/extra.onnx");
        Assert.All(newFindings, f => Assert.Matches("^(EPPlus|MySql\\.Data|K4os\\.|System\\.|Microsoft\\.|Google\\.|BouncyCastle\\.Cryptography|ZstdSharp|app/models/)", f.GetProperty("subject").GetString()));
        Assert.Empty(findings.GetProperty("fixed").EnumerateArray()); // a lock records no findings

        // Unchanged = every finding of a plain check that the diff did not call new.
        var check = CliRunner.Run(_repo.Repository, "check", "app", "--format", "json");
        using var report = JsonDocument.Parse(check.Stdout);
        Assert.Equal(report.RootElement.GetProperty("findings").GetArrayLength() - newFindings.Count, findings.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public void Exit_code_is_1_only_for_new_errors()
    {
        var permissive = Path.Combine(_repo.Root, "permissive.json");
        File.WriteAllText(permissive, "{ }\n");
        Assert.Equal(1, _repo.Diff("--base", "HEAD~1").ExitCode);
        var warningsOnly = _repo.Diff("--base", "HEAD~1", "--policy", permissive);
        Assert.True(warningsOnly.ExitCode == 0, warningsOnly.ToString());
        Assert.Contains("0 new errors", warningsOnly.Stdout);
        Assert.Matches("[1-9][0-9]* new warnings", warningsOnly.Stdout);
        Assert.Equal(0, _repo.Diff("--base", "HEAD~1", "--fail-on", "never").ExitCode);
        Assert.Equal(0, _repo.Diff("--base", "HEAD").ExitCode); // against itself nothing is new
    }

    [Theory]
    [InlineData("no-such-branch", "neither a file nor a git ref")]
    [InlineData("HEAD~1:app/no-such-report.json", "has no file")]
    public void Unknown_base_is_a_usage_error_with_one_line(string baseArgument, string expected)
    {
        var result = _repo.Diff("--base", baseArgument);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Git_ref_outside_a_repository_is_a_usage_error()
    {
        var folder = SampleApp.CopyAssets("trustcheck-diff-nogit");
        var result = CliRunner.Run(folder, "diff", ".", "--base", "main");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not in a git repository", result.Stderr);
    }

    [Fact]
    public void The_work_tree_index_and_HEAD_are_untouched()
    {
        var head = _repo.Git("rev-parse", "HEAD");
        var lockBefore = File.ReadAllText(Path.Combine(_repo.Repository, "app", "trustcheck.lock.json"));
        _repo.Diff("--base", "HEAD~1", "--format", "json");
        Assert.Equal(head, _repo.Git("rev-parse", "HEAD"));
        Assert.Equal("", _repo.Git("status", "--porcelain"));
        Assert.Equal(lockBefore, File.ReadAllText(Path.Combine(_repo.Repository, "app", "trustcheck.lock.json")));
    }

    [Fact]
    public void A_lock_file_and_the_refs_lock_give_the_same_diff()
    {
        var fromRef = JsonDocument.Parse(_repo.Diff("--base", "HEAD~1", "--format", "json").Stdout).RootElement;
        var fromFile = JsonDocument.Parse(_repo.Diff("--base", _repo.BaseLockPath, "--format", "json").Stdout).RootElement;
        var fromPath = JsonDocument.Parse(_repo.Diff("--base", "HEAD~1:app/trustcheck.lock.json", "--format", "json").Stdout).RootElement;
        Assert.Equal(fromRef.GetProperty("packages").GetRawText(), fromFile.GetProperty("packages").GetRawText());
        Assert.Equal(fromRef.GetProperty("models").GetRawText(), fromFile.GetProperty("models").GetRawText());
        Assert.Equal(fromRef.GetProperty("findings").GetRawText(), fromPath.GetProperty("findings").GetRawText());
        Assert.Equal(_repo.BaseLockPath, fromFile.GetProperty("base").GetString());
    }

    [Fact]
    public void A_report_base_has_fixed_findings_and_unchanged_ones_by_fingerprint()
    {
        var result = _repo.Diff("--base", _repo.BaseReportPath, "--format", "json");
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings");
        var fixedOnes = findings.GetProperty("fixed").EnumerateArray().Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("subject").GetString()}").ToList();
        Assert.Contains("TC1002 MySql.Data@8.0.16", fixedOnes); // 26.10.0 names its license
        Assert.Contains("TC1002 BouncyCastle.NetCore@1.8.5", fixedOnes); // no longer used
        Assert.True(findings.GetProperty("unchanged").GetInt32() > 0); // e.g. the base model's unknown license (TC3004) has the same fingerprint
        var newOnes = findings.GetProperty("new").EnumerateArray().Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("subject").GetString()}").ToList();
        Assert.Contains("TC1001 EPPlus@4.5.3.3", newOnes);
        Assert.DoesNotContain("TC3004 app/models/model.onnx", newOnes);
        var mysql = Single(json.RootElement.GetProperty("packages").GetProperty("changed"), "id", "MySql.Data");
        Assert.Equal(GplWithException, mysql.GetProperty("licenseTo").GetString());
        // A report records openness: the changed model keeps its class, so no openness pair is written.
        Assert.False(json.RootElement.GetProperty("models").GetProperty("changed")[0].TryGetProperty("opennessFrom", out _));
    }

    [Fact]
    public void Sarif_is_valid_and_carries_baseline_states()
    {
        var result = _repo.Diff("--base", _repo.BaseReportPath, "--format", "sarif");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(SarifSchema.Value.Validate(result.Stdout));
        using var sarif = JsonDocument.Parse(result.Stdout);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        string State(string ruleId, string subject) => results
            .Single(r => r.GetProperty("ruleId").GetString() == ruleId && r.GetProperty("properties").GetProperty("subject").GetString() == subject)
            .GetProperty("baselineState").GetString()!;
        Assert.Equal("new", State("TC1001", "EPPlus@4.5.3.3"));
        Assert.Equal("absent", State("TC1002", "MySql.Data@8.0.16"));
        Assert.Equal("unchanged", State("TC3004", "app/models/model.onnx"));
        Assert.All(results, r => Assert.Contains(r.GetProperty("baselineState").GetString(), new[] { "new", "updated", "unchanged", "absent" }));

        var againstLock = _repo.Diff("--base", "HEAD~1", "--format", "sarif");
        Assert.Empty(SarifSchema.Value.Validate(againstLock.Stdout));
        Assert.DoesNotContain("\"absent\"", againstLock.Stdout);
    }

    [Fact]
    public void Markdown_matches_the_snapshot()
    {
        var result = _repo.Diff("--base", "HEAD~1", "--format", "markdown");
        Assert.True(result.ExitCode == 1, result.ToString());
        var expectedPath = Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Cli.Tests", "Expected", "diff-head-1.md");
        if (Environment.GetEnvironmentVariable("TRUSTCHECK_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(expectedPath, result.Stdout);
        }

        // The snapshot pins the layout and every row about the packages and models this change names itself. Rows about
        // transitive packages, and the counts they feed, follow whatever versions the feed serves that day (the mirror
        // began serving Microsoft.Extensions.FileProviders.Physical 3.1.3 where 5.0.0 was the nearest before), so they
        // are compared by shape, not by value.
        Assert.Equal(
            MarkdownSnapshot.WithoutTransitiveRows(File.ReadAllText(expectedPath), DirectPackages),
            MarkdownSnapshot.WithoutTransitiveRows(result.Stdout, DirectPackages));
        Assert.StartsWith("## :x: TrustCheck: this change brings 1 new error\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.All(MarkdownSnapshot.TableRows(result.Stdout), row => Assert.Matches(MarkdownSnapshot.RowShape, row));
    }

    private static readonly string[] DirectPackages = ["EPPlus", "MySql.Data"];

    [Fact]
    public void Text_names_the_license_change_across_the_upgrade()
    {
        var result = _repo.Diff("--base", "HEAD~1");
        Assert.Contains($"~ MySql.Data 8.0.16 -> 26.10.0 (license unknown -> {GplWithException})", result.Stdout);
        Assert.Contains("+ EPPlus 4.5.3.3 (LGPL-3.0-only)", result.Stdout);
        Assert.Contains("+ models/extra.onnx (onnx", result.Stdout);
        Assert.Contains("~ models/model.onnx sha256 " + PullRequestRepository.Sha256Of(PullRequestRepository.BaseModelSource)[..12], result.Stdout);
    }

    private static JsonElement Single(JsonElement array, string key, string value) =>
        Assert.Single(array.EnumerateArray(), e => e.GetProperty(key).GetString() == value);

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
