using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// Collects findings and applies severities: a policy override for the rule wins over the catalog default,
/// and a rule at <see cref="RuleSeverity.None"/> is dropped here so no front door has to filter.
/// </summary>
public sealed class FindingCollector
{
    private readonly IReadOnlyDictionary<string, RuleSeverity> _severityOverrides;
    private readonly List<Finding> _findings = new();
    private readonly object _gate = new();

    public FindingCollector(IReadOnlyDictionary<string, RuleSeverity>? severityOverrides = null)
    {
        _severityOverrides = severityOverrides ?? new Dictionary<string, RuleSeverity>();
    }

    public IReadOnlyList<Finding> Findings
    {
        get { lock (_gate) { return _findings.ToArray(); } }
    }

    public RuleSeverity SeverityOf(string ruleId) =>
        _severityOverrides.TryGetValue(ruleId, out var overridden) ? overridden : RuleCatalog.Get(ruleId).DefaultSeverity;

    /// <summary>Adds a finding at the rule's effective severity; <paramref name="severity"/> raises or lowers the default for cases the rule defines (e.g. TC3007 under requireSignature), but a policy override still wins.</summary>
    public void Add(string ruleId, string subject, string message, FindingLocation? location = null,
        IReadOnlyDictionary<string, string>? data = null, RuleSeverity? severity = null)
    {
        var effective = _severityOverrides.TryGetValue(ruleId, out var overridden)
            ? overridden
            : severity ?? RuleCatalog.Get(ruleId).DefaultSeverity;
        if (effective == RuleSeverity.None)
        {
            return;
        }

        lock (_gate)
        {
            _findings.Add(new Finding(ruleId, effective, message, subject, location, data));
        }
    }
}
