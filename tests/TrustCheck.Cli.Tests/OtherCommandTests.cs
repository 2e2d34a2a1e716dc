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
        Assert.StartsWith("TC1001: Package license is denied by policy\n=====", result.Stdout);
        Assert.Contains("How to suppress\n---", result.Stdout);
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
    public void Unknown_format_is_a_usage_error()
    {
        var result = CliRunner.RunInRepo("check", "samples/ModelApp", "--format", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
