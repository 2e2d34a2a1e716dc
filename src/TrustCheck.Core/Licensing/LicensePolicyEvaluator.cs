using NuGet.Packaging;
using NuGet.Packaging.Licenses;
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

/// <summary>
/// SPDX expression × allow/deny lists, with real SPDX semantics via NuGet's expression parser.
/// <list type="bullet">
/// <item>OR passes when one branch passes; AND passes only when every operand passes.</item>
/// <item>A leaf passes when no deny entry matches it and (the allow list is empty or an allow entry matches it).
/// Deny wins over allow for the same id.</item>
/// <item><c>L WITH E</c>: an entry naming the full <c>L WITH E</c> decides first (an exception only adds permissions,
/// so allowing it explicitly overrides a deny of the bare <c>L</c>); otherwise entries naming <c>L</c> decide.</item>
/// <item><c>L+</c> / <c>L-or-later</c>: matched by entries naming that form, or the base version (<c>L</c> /
/// <c>L-only</c>): the licensee may choose the base version, and a deny of the base version denies it too.</item>
/// <item>Entries may use <c>*</c> wildcards (<c>LicenseRef-*</c>, <c>LicenseRef-*-NC</c>, <c>GPL-*</c>). Ids compare case-insensitively.</item>
/// <item>Deprecated GNU ids are read as their replacements (<c>GPL-2.0</c> → <c>GPL-2.0-only</c>, <c>GPL-2.0+</c> → <c>GPL-2.0-or-later</c>).</item>
/// </list>
/// </summary>
public static class LicensePolicyEvaluator
{
    public static LicenseEvaluation Evaluate(string? expression, LicensePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new LicenseEvaluation(LicenseDecision.Unknown, "no license expression", Array.Empty<string>());
        }

        if (!SpdxExpression.TryParse(expression, out var parsed, out var error))
        {
            return new LicenseEvaluation(
                LicenseDecision.Unknown,
                $"'{expression.Trim()}' is not a valid SPDX license expression ({error})",
                Array.Empty<string>());
        }

        var result = Evaluate(parsed!, policy);
        return new LicenseEvaluation(result.Decision, result.Reason, result.Ids.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    private sealed record NodeResult(LicenseDecision Decision, string Reason, IReadOnlyList<string> Ids);

    private static NodeResult Evaluate(NuGetLicenseExpression node, LicensePolicy policy)
    {
        switch (node)
        {
            case NuGetLicense license:
                return EvaluateLeaf(license, exception: null, policy);
            case WithOperator with:
                return EvaluateLeaf(with.License, with.Exception, policy);
            case LogicalOperator logical:
                var left = Evaluate(logical.Left, policy);
                var right = Evaluate(logical.Right, policy);
                return logical.LogicalOperatorType == LogicalOperatorType.Or ? CombineOr(left, right) : CombineAnd(left, right);
            default:
                return new NodeResult(LicenseDecision.Unknown, $"unsupported expression node '{node}'", Array.Empty<string>());
        }
    }

    private static NodeResult CombineOr(NodeResult left, NodeResult right)
    {
        if (left.Decision == LicenseDecision.Allowed)
        {
            return left;
        }

        if (right.Decision == LicenseDecision.Allowed)
        {
            return right;
        }

        var ids = left.Ids.Concat(right.Ids).ToArray();
        var decision = left.Decision == LicenseDecision.Denied && right.Decision == LicenseDecision.Denied
            ? LicenseDecision.Denied
            : LicenseDecision.NotAllowed;
        return new NodeResult(decision, $"no alternative passes: {left.Reason}; {right.Reason}", ids);
    }

    private static NodeResult CombineAnd(NodeResult left, NodeResult right)
    {
        if (left.Decision == LicenseDecision.Allowed && right.Decision == LicenseDecision.Allowed)
        {
            return new NodeResult(LicenseDecision.Allowed, $"{left.Reason}; {right.Reason}", left.Ids.Concat(right.Ids).ToArray());
        }

        var failing = new[] { left, right }.Where(r => r.Decision != LicenseDecision.Allowed).ToArray();
        var denied = failing.Where(r => r.Decision == LicenseDecision.Denied).ToArray();
        var deciding = denied.Length > 0 ? denied : failing;
        return new NodeResult(
            denied.Length > 0 ? LicenseDecision.Denied : LicenseDecision.NotAllowed,
            string.Join("; ", deciding.Select(r => r.Reason)) + " (all licenses of an AND apply)",
            deciding.SelectMany(r => r.Ids).ToArray());
    }

    private static NodeResult EvaluateLeaf(NuGetLicense license, NuGetLicenseException? exception, LicensePolicy policy)
    {
        var baseNames = NamesFor(license);
        var display = license.ToString();
        var ids = new[] { exception is null ? display : $"{display} WITH {exception.Identifier}" };

        if (exception is not null)
        {
            var fullNames = baseNames.Select(n => $"{n} WITH {exception.Identifier}").ToArray();
            var deniedFull = LicensePatternMatcher.FirstMatch(policy.Deny, fullNames);
            if (deniedFull is not null)
            {
                return Denied(ids[0], deniedFull);
            }

            // Only an explicit (wildcard-free) allow of the exception form overrides a deny of the bare license.
            var allowedFull = LicensePatternMatcher.FirstMatch(policy.Allow.Where(p => !p.Contains('*')), fullNames);
            if (allowedFull is not null)
            {
                return new NodeResult(LicenseDecision.Allowed, $"{ids[0]} is allowed (allow: {allowedFull})", ids);
            }

            var wildcardFull = LicensePatternMatcher.FirstMatch(policy.Allow, fullNames);
            var deniedBase = LicensePatternMatcher.FirstMatch(policy.Deny, baseNames);
            if (deniedBase is not null)
            {
                return Denied(ids[0], deniedBase);
            }

            if (wildcardFull is not null)
            {
                return new NodeResult(LicenseDecision.Allowed, $"{ids[0]} is allowed (allow: {wildcardFull})", ids);
            }
        }
        else
        {
            var denied = LicensePatternMatcher.FirstMatch(policy.Deny, baseNames);
            if (denied is not null)
            {
                return Denied(ids[0], denied);
            }
        }

        if (policy.Allow.Count == 0)
        {
            return new NodeResult(LicenseDecision.Allowed, $"{ids[0]} is not denied (no allow list)", ids);
        }

        var allowed = LicensePatternMatcher.FirstMatch(policy.Allow, baseNames);
        return allowed is not null
            ? new NodeResult(LicenseDecision.Allowed, $"{ids[0]} is allowed (allow: {allowed})", ids)
            : new NodeResult(LicenseDecision.NotAllowed, $"{ids[0]} is not on the allow list", ids);
    }

    private static NodeResult Denied(string id, string entry) =>
        new(LicenseDecision.Denied, $"{id} is denied by policy (deny: {entry})", new[] { id });

    /// <summary>The spellings policy entries may use for this license: itself, its "+" form, and the base version it may be read as.</summary>
    private static string[] NamesFor(NuGetLicense license)
    {
        var id = license.Identifier;
        if (license.Plus)
        {
            return [id + "+", id];
        }

        const string orLater = "-or-later";
        if (id.EndsWith(orLater, StringComparison.OrdinalIgnoreCase))
        {
            var stem = id[..^orLater.Length];
            return [id, stem + "+", stem + "-only", stem];
        }

        return [id];
    }
}
