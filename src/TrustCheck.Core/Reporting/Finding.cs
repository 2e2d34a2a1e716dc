using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>Where a finding points; <paramref name="Column"/> is 1-based and optional (policy errors carry it).</summary>
public sealed record FindingLocation(string Path, int? Line = null, int? Column = null)
{
    /// <summary>What this place is, when that is not obvious: "Microsoft.ML@5.0.0 brings in …", "referenced here".</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Other places that explain the finding: the PackageReference when the version is set centrally, other direct packages
    /// that bring in a transitive one, the project item that declares a model.
    /// </summary>
    public IReadOnlyList<FindingLocation>? Related { get; init; }
}

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

    /// <summary>Listed in trustcheck.baseline.json: reported as info whatever the rule's severity.</summary>
    public bool Baselined { get; init; }
}
