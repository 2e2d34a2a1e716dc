namespace TrustCheck.Core.Rules;

/// <summary>One rule of the catalog: what users see in the error list, the build log and the docs.</summary>
public sealed record RuleDescriptor(string Id, string Title, string Category, RuleSeverity DefaultSeverity, string RaisedBy)
{
    public string HelpLink => TrustCheck.Rules.RuleIds.HelpLink(Id);

    /// <summary>What the rule means, in plain text: the first paragraph of its docs page (<see cref="RuleDocs"/>), else the title.</summary>
    public string Description => RuleDocs.Description(Id) ?? Title;
}
