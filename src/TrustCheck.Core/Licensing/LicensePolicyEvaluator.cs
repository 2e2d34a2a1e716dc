using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Licensing;

public enum LicenseDecision
{
    /// <summary>Passes the policy (an OR passes if one branch is allowed; AND needs all).</summary>
    Allowed,
    /// <summary>Hits the deny list.</summary>
    Denied,
    /// <summary>The policy has an allow list and the license is not on it.</summary>
    NotAllowed,
    /// <summary>No expression to judge.</summary>
    Unknown,
}

/// <param name="Reason">Human-readable, names the ids that decided it.</param>
/// <param name="DecidingIds">The license ids (or LicenseRefs) that made the decision.</param>
public sealed record LicenseEvaluation(LicenseDecision Decision, string Reason, IReadOnlyList<string> DecidingIds);

/// <summary>SPDX expression × allow/deny lists, with real SPDX semantics via NuGet's expression parser.</summary>
public static class LicensePolicyEvaluator
{
    public static LicenseEvaluation Evaluate(string? expression, LicensePolicy policy)
    {
        // Filled in by the licensing work.
        return string.IsNullOrWhiteSpace(expression)
            ? new LicenseEvaluation(LicenseDecision.Unknown, "no license", Array.Empty<string>())
            : new LicenseEvaluation(LicenseDecision.Allowed, "not evaluated", Array.Empty<string>());
    }
}
