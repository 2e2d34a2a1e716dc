using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Tests.Licensing;

public class LicensePolicyEvaluatorTests
{
    private static LicensePolicy Policy(string allow, string deny) => new()
    {
        Allow = Split(allow),
        Deny = Split(deny),
    };

    private static List<string> Split(string list) =>
        list.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [Theory]
    // Single ids, allow list and empty allow list.
    [InlineData("MIT", "MIT|Apache-2.0", "", LicenseDecision.Allowed, "MIT")]
    [InlineData("MIT", "", "", LicenseDecision.Allowed, "MIT")]
    [InlineData("MIT", "", "GPL-3.0-only", LicenseDecision.Allowed, "MIT")]
    [InlineData("GPL-3.0-only", "MIT", "", LicenseDecision.NotAllowed, "GPL-3.0-only")]
    [InlineData("GPL-3.0-only", "", "GPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only")]
    // Deny wins over allow for the same id.
    [InlineData("MIT", "MIT", "MIT", LicenseDecision.Denied, "MIT")]
    // Case-insensitive ids, in the expression and in the policy.
    [InlineData("mit", "MIT", "", LicenseDecision.Allowed, "MIT")]
    [InlineData("Apache-2.0", "apache-2.0", "", LicenseDecision.Allowed, "Apache-2.0")]
    [InlineData("agpl-3.0-only", "", "AGPL-3.0-ONLY", LicenseDecision.Denied, "AGPL-3.0-only")]
    // OR: one allowed branch is enough, and it must not be denied.
    [InlineData("MIT OR GPL-3.0-only", "MIT", "", LicenseDecision.Allowed, "MIT")]
    [InlineData("GPL-3.0-only OR MIT", "MIT", "", LicenseDecision.Allowed, "MIT")]
    [InlineData("MIT OR GPL-3.0-only", "", "GPL-3.0-only", LicenseDecision.Allowed, "MIT")]
    [InlineData("MIT OR Apache-2.0", "MIT|Apache-2.0", "MIT", LicenseDecision.Allowed, "Apache-2.0")]
    [InlineData("GPL-2.0-only OR AGPL-3.0-only", "", "GPL-2.0-only|AGPL-3.0-only", LicenseDecision.Denied, "GPL-2.0-only|AGPL-3.0-only")]
    [InlineData("GPL-2.0-only OR LicenseRef-Proprietary", "MIT", "GPL-2.0-only", LicenseDecision.NotAllowed, "GPL-2.0-only|LicenseRef-Proprietary")]
    // AND: every operand must pass; a denied operand decides.
    [InlineData("MIT AND Apache-2.0", "MIT|Apache-2.0", "", LicenseDecision.Allowed, "MIT|Apache-2.0")]
    [InlineData("MIT AND BSD-3-Clause", "MIT", "", LicenseDecision.NotAllowed, "BSD-3-Clause")]
    [InlineData("MIT AND GPL-3.0-only", "", "GPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only")]
    [InlineData("BSD-3-Clause AND GPL-3.0-only", "MIT", "GPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only")]
    // Precedence and parentheses: AND binds tighter than OR.
    [InlineData("MIT OR Apache-2.0 AND GPL-3.0-only", "MIT", "GPL-3.0-only", LicenseDecision.Allowed, "MIT")]
    [InlineData("(MIT OR Apache-2.0) AND GPL-3.0-only", "MIT", "GPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only")]
    [InlineData("(MIT OR GPL-3.0-only) AND (Apache-2.0 OR AGPL-3.0-only)", "MIT|Apache-2.0", "", LicenseDecision.Allowed, "MIT|Apache-2.0")]
    [InlineData("(MIT OR GPL-3.0-only) AND (BSD-2-Clause OR AGPL-3.0-only)", "MIT|Apache-2.0", "AGPL-3.0-only", LicenseDecision.NotAllowed, "BSD-2-Clause|AGPL-3.0-only")]
    [InlineData("Apache-2.0 AND (MIT OR GPL-3.0-only)", "MIT|Apache-2.0", "", LicenseDecision.Allowed, "Apache-2.0|MIT")]
    [InlineData("((MIT AND GPL-3.0-only) OR (Apache-2.0 AND BSD-2-Clause)) AND ISC", "", "GPL-3.0-only", LicenseDecision.Allowed, "Apache-2.0|BSD-2-Clause|ISC")]
    [InlineData("((MIT AND GPL-3.0-only) OR (Apache-2.0 AND AGPL-3.0-only)) AND ISC", "", "GPL-3.0-only|AGPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only|AGPL-3.0-only")]
    [InlineData("mit or (apache-2.0 and bsd-3-clause)", "Apache-2.0|BSD-3-Clause", "", LicenseDecision.Allowed, "Apache-2.0|BSD-3-Clause")]
    // WITH: the base id or the full form may be named.
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only", "", LicenseDecision.Allowed, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", "", LicenseDecision.Allowed, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "MIT", "", LicenseDecision.NotAllowed, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "", "GPL-2.0-only", LicenseDecision.Denied, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only", LicenseDecision.Allowed, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only", "GPL-2.0-only WITH Classpath-exception-2.0", LicenseDecision.Denied, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only  WITH  Classpath-exception-2.0", "", LicenseDecision.Allowed, "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("Apache-2.0 WITH LLVM-exception", "", "Apache-2.0 WITH *", LicenseDecision.Denied, "Apache-2.0 WITH LLVM-exception")]
    // "+" and -or-later: the base version's entry covers them.
    [InlineData("LGPL-2.1-or-later", "LGPL-2.1-only", "", LicenseDecision.Allowed, "LGPL-2.1-or-later")]
    [InlineData("LGPL-2.1-or-later", "LGPL-2.1-or-later", "", LicenseDecision.Allowed, "LGPL-2.1-or-later")]
    [InlineData("LGPL-2.1-or-later", "", "LGPL-2.1-only", LicenseDecision.Denied, "LGPL-2.1-or-later")]
    [InlineData("LGPL-2.1-only", "LGPL-2.1-or-later", "", LicenseDecision.NotAllowed, "LGPL-2.1-only")]
    [InlineData("Apache-2.0+", "Apache-2.0", "", LicenseDecision.Allowed, "Apache-2.0+")]
    [InlineData("LicenseRef-Foo+", "", "LicenseRef-Foo+", LicenseDecision.Denied, "LicenseRef-Foo+")]
    // Deprecated GNU ids are read as their replacements.
    [InlineData("GPL-2.0+", "GPL-2.0-or-later", "", LicenseDecision.Allowed, "GPL-2.0-or-later")]
    [InlineData("GPL-3.0", "", "GPL-3.0-only", LicenseDecision.Denied, "GPL-3.0-only")]
    [InlineData("LGPL-2.1+", "LGPL-2.1-only", "", LicenseDecision.Allowed, "LGPL-2.1-or-later")]
    // Wildcard patterns.
    [InlineData("LicenseRef-llama3.1", "MIT|LicenseRef-*", "", LicenseDecision.Allowed, "LicenseRef-llama3.1")]
    [InlineData("LicenseRef-Acme-NC", "LicenseRef-*", "LicenseRef-*-NC", LicenseDecision.Denied, "LicenseRef-Acme-NC")]
    [InlineData("LicenseRef-Acme-nc", "", "LicenseRef-*-NC", LicenseDecision.Denied, "LicenseRef-Acme-nc")]
    [InlineData("LicenseRef-Acme-NC-Extra", "", "LicenseRef-*-NC", LicenseDecision.Allowed, "LicenseRef-Acme-NC-Extra")]
    [InlineData("AGPL-3.0-or-later", "", "AGPL-*", LicenseDecision.Denied, "AGPL-3.0-or-later")]
    [InlineData("CC-BY-NC-SA-4.0", "CC-BY-*", "CC-BY-NC*", LicenseDecision.Denied, "CC-BY-NC-SA-4.0")]
    [InlineData("CC-BY-SA-4.0", "CC-BY-*", "CC-BY-NC*", LicenseDecision.Allowed, "CC-BY-SA-4.0")]
    [InlineData("MIT OR LicenseRef-Acme-NC", "", "LicenseRef-*-NC", LicenseDecision.Allowed, "MIT")]
    public void Expression_is_judged_with_spdx_semantics(string expression, string allow, string deny, LicenseDecision expected, string decidingIds)
    {
        var result = LicensePolicyEvaluator.Evaluate(expression, Policy(allow, deny));

        Assert.Equal(expected, result.Decision);
        Assert.Equal(Split(decidingIds), result.DecidingIds);
    }

    [Theory]
    [InlineData("MIT OR")]
    [InlineData("(MIT")]
    [InlineData("MIT AND AND Apache-2.0")]
    [InlineData("MIT WITH Apache-2.0")]
    [InlineData("GPL-2.0-only WITH Not-An-Exception")]
    [InlineData("Some License Name")]
    [InlineData("MIT/Apache-2.0")]
    [InlineData("Copyright (c) Contoso, all rights reserved")]
    public void Unparsable_expression_is_unknown_with_a_reason(string expression)
    {
        var result = LicensePolicyEvaluator.Evaluate(expression, Policy("MIT", ""));

        Assert.Equal(LicenseDecision.Unknown, result.Decision);
        Assert.Contains("not a valid SPDX license expression", result.Reason);
        Assert.Contains(expression, result.Reason);
        Assert.Empty(result.DecidingIds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_expression_is_unknown(string? expression)
    {
        var result = LicensePolicyEvaluator.Evaluate(expression, Policy("", ""));

        Assert.Equal(LicenseDecision.Unknown, result.Decision);
    }

    [Fact]
    public void Huge_expression_is_unknown_without_parsing()
    {
        var expression = string.Join(" OR ", Enumerable.Repeat("MIT", 5000));

        var result = LicensePolicyEvaluator.Evaluate(expression, Policy("MIT", ""));

        Assert.Equal(LicenseDecision.Unknown, result.Decision);
    }

    [Fact]
    public void Denied_reason_names_the_id_and_the_deny_entry()
    {
        var result = LicensePolicyEvaluator.Evaluate("MIT AND AGPL-3.0-only", Policy("", "AGPL-*"));

        Assert.Contains("AGPL-3.0-only", result.Reason);
        Assert.Contains("deny: AGPL-*", result.Reason);
    }

    [Fact]
    public void Not_allowed_reason_names_the_missing_id()
    {
        var result = LicensePolicyEvaluator.Evaluate("MIT AND BSD-3-Clause", Policy("MIT", ""));

        Assert.Contains("BSD-3-Clause is not on the allow list", result.Reason);
        Assert.DoesNotContain("MIT is", result.Reason);
    }

    [Fact]
    public void Allowed_reason_names_the_allow_entry()
    {
        var result = LicensePolicyEvaluator.Evaluate("LicenseRef-gemma OR MIT", Policy("MIT", ""));

        Assert.Equal("MIT is allowed (allow: MIT)", result.Reason);
    }

    [Fact]
    public void Starter_policy_denies_agpl_and_non_commercial_refs()
    {
        // The deny list `trustcheck init` writes (src/TrustCheck.Cli/StarterPolicy.cs).
        var policy = Policy("", "AGPL-3.0-only|AGPL-3.0-or-later|LicenseRef-*-NC");

        Assert.Equal(LicenseDecision.Denied, LicensePolicyEvaluator.Evaluate("AGPL-3.0", policy).Decision);
        Assert.Equal(LicenseDecision.Denied, LicensePolicyEvaluator.Evaluate("AGPL-3.0+", policy).Decision);
        Assert.Equal(LicenseDecision.Denied, LicensePolicyEvaluator.Evaluate("LicenseRef-Model-NC", policy).Decision);
        Assert.Equal(LicenseDecision.Allowed, LicensePolicyEvaluator.Evaluate("Apache-2.0", policy).Decision);
    }
}
