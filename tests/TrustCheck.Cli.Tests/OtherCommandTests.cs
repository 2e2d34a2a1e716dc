using TrustCheck.Core.Policy;
using TrustCheck.Core.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

[Collection(CliProcessCollection.Name)]
public class OtherCommandTests
{
    [Fact]
    public void Explain_prints_the_rule_page()
    {
        var result = CliRunner.RunInRepo("explain", "tc1001");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# TC1001", result.Stdout);
    }

    [Fact]
    public void Every_rule_has_a_page_that_explain_can_print()
    {
        foreach (var rule in RuleCatalog.All)
        {
            Assert.True(File.Exists(Path.Combine(TestPaths.Docs, "rules", rule.Id + ".md")), rule.Id);
        }
    }

    [Fact]
    public void Init_writes_a_starter_policy_that_loads_without_problems()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-init");

        var first = CliRunner.Run(folder, "init");
        var second = CliRunner.Run(folder, "init");

        Assert.Equal(0, first.ExitCode);
        var loaded = PolicyLoader.Load(Path.Combine(folder, PolicyLoader.FileName));
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems.Select(p => p.Message)));
        Assert.Contains("MIT", loaded.Policy.Licenses.Allow);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("--force", second.Stderr);
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var result = CliRunner.RunInRepo("check", "samples/ModelApp", "--format", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
