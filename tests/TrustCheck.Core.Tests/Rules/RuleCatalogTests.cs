using TrustCheck.Core.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Rules;

public class RuleCatalogTests
{
    [Fact]
    public void Every_rule_has_a_doc_page_that_names_it()
    {
        foreach (var rule in RuleCatalog.All)
        {
            var page = Path.Combine(TestPaths.Docs, "rules", rule.Id + ".md");
            Assert.True(File.Exists(page), $"docs/rules/{rule.Id}.md is missing");
            Assert.Contains(rule.Id, File.ReadAllText(page));
        }
    }

    [Fact]
    public void Rule_ids_are_unique_and_well_formed()
    {
        var ids = RuleCatalog.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^TC[1-9][0-9]{3}$", id));
    }

    [Fact]
    public void Help_link_points_at_the_rule_page()
    {
        Assert.EndsWith("docs/rules/TC3010.md", RuleCatalog.Get("TC3010").HelpLink);
    }
}
