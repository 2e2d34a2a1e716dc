using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

public sealed record FindingLocation(string Path, int? Line = null);

/// <summary>One rule hit: what was found, on which package ("Id@Version") or model path, and why.</summary>
public sealed record Finding(
    string RuleId,
    RuleSeverity Severity,
    string Message,
    string Subject,
    FindingLocation? Location = null,
    IReadOnlyDictionary<string, string>? Data = null)
{
    public string HelpLink => TrustCheck.Rules.RuleIds.HelpLink(RuleId);
}
