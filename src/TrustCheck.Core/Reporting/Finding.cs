using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>Where a finding points; <paramref name="Column"/> is 1-based and optional (policy errors carry it).</summary>
public sealed record FindingLocation(string Path, int? Line = null, int? Column = null);

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
