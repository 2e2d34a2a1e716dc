using TrustCheck.Core.Rules;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck explain`: rule pages rendered for a terminal, unknown ids as a usage error.</summary>
[Collection(CliProcessCollection.Name)]
public class ExplainTests
{
    [Fact]
    public void Unknown_rule_exits_2_with_one_line_listing_the_rules()
    {
        var result = CliRunner.RunInRepo("explain", "tc0000");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("unknown rule 'TC0000'", line);
        Assert.All(RuleCatalog.All, rule => Assert.Contains(rule.Id, line));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Headings_are_underlined_and_tables_aligned()
    {
        var page = """
            # TC9999: Something is wrong

            | | |
            |---|---|
            | Default severity | warning |
            | Raised by | task, cli |

            ## How to fix
            """;

        var text = RuleDocRenderer.Render(page, color: false);

        Assert.Equal("""
            TC9999: Something is wrong
            ==========================

              Default severity  warning
              Raised by         task, cli

            How to fix
            ----------

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Code_blocks_lose_their_fences_and_keep_their_text_indented()
    {
        var page = "1. Convert it:\n   ```python\n   save_file(state, \"model.safetensors\")\n   ```\n2. Lock it.\n";

        var text = RuleDocRenderer.Render(page, color: false);

        Assert.Equal("1. Convert it:\n       save_file(state, \"model.safetensors\")\n2. Lock it.\n", text);
    }

    [Fact]
    public void Links_to_other_rules_keep_the_id_and_web_links_keep_the_address()
    {
        var text = RuleDocRenderer.Render("Also [TC3013](TC3013.md); see the [Open Source AI Definition](https://opensource.org/ai). **Never** load it.", color: false);

        Assert.Equal("Also TC3013; see the Open Source AI Definition (https://opensource.org/ai). Never load it.\n", text);
    }

    [Fact]
    public void Inline_code_and_wildcards_are_left_as_written()
    {
        var line = "Deny `LicenseRef-*-NC` and *.pkl files: `\"rules\": { \"TC3005\": \"none\" }`.";

        Assert.Equal(line + "\n", RuleDocRenderer.Render(line, color: false));
    }

    [Fact]
    public void Colour_makes_headings_bold()
    {
        var text = RuleDocRenderer.Render("# TC1001: Title", color: true);

        Assert.StartsWith("\u001b[1mTC1001: Title\u001b[0m\n=", text);
    }
}
