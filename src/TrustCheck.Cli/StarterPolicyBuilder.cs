using NuGet.Packaging.Licenses;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Cli;

/// <summary>
/// `trustcheck init`: a commented trustcheck.json that allows exactly what the project uses today (licenses seen,
/// model formats found, the openness its models meet), so the first check passes and every later change (a new
/// license, a pickle file, a more restrictive model) fails until someone reviews it. Deterministic: same project, same file.
/// </summary>
internal static class StarterPolicyBuilder
{
    public const string ReferenceUrl = "https://github.com/trustcheck/trustcheck/blob/main/docs/policy.md";

    /// <summary>Denied unless the project already uses them: network copyleft, source-available, non-commercial.</summary>
    internal static readonly string[] DefaultDeny = ["AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0", "CC-BY-NC-*", "LicenseRef-*-NC"];

    /// <summary>The allow list when the project uses no identifiable license yet.</summary>
    internal static readonly string[] PermissiveStart = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause"];

    /// <summary>Formats that cannot carry code; always allowed so adding such a model never needs a policy edit.</summary>
    internal static readonly string[] SafeFormats = ["onnx", "safetensors", "gguf"];

    /// <summary>Weakest to strongest, as ModelOpenness.Rank orders them (unknown is below all).</summary>
    private static readonly string[] OpennessOrder = ["restricted", "open-weights", "open-source"];

    private const int NamesShown = 8;

    /// <summary>
    /// The policy init looks at the project under: built-in defaults, except that no model format is allowed, so the
    /// report names the format of every weights file (TC3011/TC3015 data) and not only each model's main format.
    /// </summary>
    public static TrustCheckPolicy ProbePolicy() => new() { Models = { AllowFormats = [] } };

    public sealed record Result(string Text, IReadOnlyList<string> AllowedLicenses, IReadOnlyList<string> Formats, int UnknownPackageLicenses, int UnknownModelLicenses);

    /// <param name="report">A check of the project under <see cref="ProbePolicy"/>.</param>
    /// <param name="projectName">Shown in the header, e.g. "ModelApp.csproj".</param>
    /// <param name="lockExists">Whether trustcheck.lock.json exists beside the project.</param>
    public static Result Build(Report report, string projectName, bool lockExists)
    {
        var usages = report.Packages.Where(p => p.License.Expression is not null).Select(p => new Usage(p.License.Expression!, p.Id, IsModel: false))
            .Concat(report.Models.Where(m => m.License.Expression is not null).Select(m => new Usage(m.License.Expression!, m.Path, IsModel: true)))
            .ToList();
        var chosen = ChooseAllowed(usages);
        // An empty allow list would allow everything that is not denied: with no license in use yet, start from common permissive ones.
        var licenses = new LicensePolicy { Allow = chosen.Count > 0 ? chosen : PermissiveStart.ToList(), Deny = DefaultDeny.ToList() };
        var denyDropped = DropConflictingDenies(licenses, usages);

        var unknownPackages = report.Packages.Where(p => p.License.Expression is null).ToList();
        var unknownModels = report.Models.Where(m => m.License.Expression is null).ToList();
        var formats = FormatsInUse(report);

        var root = new JsoncObject()
            .Add("licenses", Licenses(licenses, usages, denyDropped, unknownPackages.Count + unknownModels.Count))
            .Add("packages", Packages(report, unknownPackages))
            .Add("models", Models(report, formats, unknownModels, lockExists))
            .Add("rules", new JsoncObject().WithComments<JsoncObject>(
                "Per-rule severity: none | info | warning | error, e.g. \"TC2004\": \"info\". 'trustcheck explain TC2004' describes a rule."));

        var mlCount = report.Packages.Count(p => p.Ml);
        string[] header =
        [
            $"trustcheck.json, written by 'trustcheck init' from what {projectName} uses today: {Count(report.Packages.Count, "package")} ({mlCount} ML), {Count(report.Models.Count, "model")}.",
            "Every license and model format in use is allowed, so the first check passes; from now on a new license, a new format or a more restrictive model fails the check until someone reviews it and edits this file.",
            $"Reference: {ReferenceUrl}",
        ];
        var allowedFormats = SafeFormats.Concat(formats.Keys.Where(f => !SafeFormats.Contains(f)).Order(StringComparer.Ordinal)).ToList();
        return new Result(JsoncWriter.Write(header, root), licenses.Allow, allowedFormats, unknownPackages.Count, unknownModels.Count);
    }

    private sealed record Usage(string Expression, string User, bool IsModel);

    /// <summary>
    /// Every id an expression needs: all operands of an AND, the id of a WITH exception form; for an OR one alternative
    /// suffices, so an OR adds nothing when an alternative is already allowed, else its first alternative the default deny
    /// list does not deny. Invalid expressions add nothing (they are reported as unknown, never as not allowed).
    /// </summary>
    private static List<string> ChooseAllowed(List<Usage> usages)
    {
        var allowed = new List<string>();
        var parsed = usages.Select(u => SpdxExpression.TryParse(u.Expression, out var tree, out _) ? tree : null).OfType<NuGetLicenseExpression>()
            .DistinctBy(t => t.ToString(), StringComparer.OrdinalIgnoreCase)
            .OrderBy(t => HasOr(t) ? 1 : 0).ThenBy(t => t.ToString(), StringComparer.Ordinal)
            .ToList();
        foreach (var tree in parsed)
        {
            foreach (var id in Needed(tree, allowed))
            {
                if (!allowed.Contains(id, StringComparer.OrdinalIgnoreCase))
                {
                    allowed.Add(id);
                }
            }
        }

        return allowed;
    }

    private static IEnumerable<string> Needed(NuGetLicenseExpression node, List<string> allowed) => node switch
    {
        NuGetLicense license => [license.ToString()],
        WithOperator with => [$"{with.License} WITH {with.Exception.Identifier}"],
        LogicalOperator { LogicalOperatorType: LogicalOperatorType.And } and => Needed(and.Left, allowed).Concat(Needed(and.Right, allowed)).ToList(),
        LogicalOperator or => Alternatives(or).FirstOrDefault(a => Passes(a, allowed)) is not null ? []
            : Needed(Alternatives(or).FirstOrDefault(a => !Denied(a)) ?? or.Left, allowed),
        _ => [],
    };

    private static IEnumerable<NuGetLicenseExpression> Alternatives(NuGetLicenseExpression node) =>
        node is LogicalOperator { LogicalOperatorType: LogicalOperatorType.Or } or ? Alternatives(or.Left).Concat(Alternatives(or.Right)) : [node];

    private static bool HasOr(NuGetLicenseExpression node) =>
        node is LogicalOperator logical && (logical.LogicalOperatorType == LogicalOperatorType.Or || HasOr(logical.Left) || HasOr(logical.Right));

    private static bool Passes(NuGetLicenseExpression node, List<string> allowed) =>
        allowed.Count > 0 && LicensePolicyEvaluator.Evaluate(node.ToString(), new LicensePolicy { Allow = allowed }).Decision == LicenseDecision.Allowed;

    private static bool Denied(NuGetLicenseExpression node) =>
        LicensePolicyEvaluator.Evaluate(node.ToString(), new LicensePolicy { Deny = DefaultDeny.ToList() }).Decision == LicenseDecision.Denied;

    /// <summary>A default deny entry the project already depends on would fail the first check: leave it out and say so.</summary>
    private static List<(string Entry, List<string> Users)> DropConflictingDenies(LicensePolicy licenses, List<Usage> usages)
    {
        var dropped = new List<(string, List<string>)>();
        foreach (var entry in licenses.Deny.ToList())
        {
            var users = usages.Where(u => LicensePolicyEvaluator.Evaluate(u.Expression, new LicensePolicy { Allow = licenses.Allow, Deny = [entry] }).Decision == LicenseDecision.Denied)
                .Select(u => u.User).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
            {
                licenses.Deny.Remove(entry);
                dropped.Add((entry, users));
            }
        }

        return dropped;
    }

    private static JsoncObject Licenses(LicensePolicy licenses, List<Usage> usages, List<(string Entry, List<string> Users)> denyDropped, int unknownCount)
    {
        var allow = new JsoncArray().WithComments<JsoncArray>(
            "SPDX ids (or LicenseRef-… for licenses SPDX has no id for, '*' wildcards allowed). A license not listed here fails the check (TC1001 packages, TC3003 models).",
            "An OR expression passes when one alternative is allowed, an AND only when all are. Listed: every license the project uses, with who uses it.");
        foreach (var id in licenses.Allow)
        {
            var users = usages.Where(u => Mentions(u.Expression, id)).ToList();
            var packages = users.Where(u => !u.IsModel).Select(u => u.User).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var models = users.Where(u => u.IsModel).Select(u => u.User).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var who = new[] { packages.Count > 0 ? $"{Count(packages.Count, "package")}: {Names(packages)}" : null, models.Count > 0 ? $"{Count(models.Count, "model")}: {Names(models)}" : null }.OfType<string>().ToList();
            allow.Items.Add(JsoncNode.String(id).WithComments<JsoncNode>(who.Count > 0 ? string.Join("; ", who) : "not used yet: a common permissive license"));
        }

        var deny = new JsoncArray();
        deny.Items.AddRange(licenses.Deny.Select(JsoncNode.String));
        deny.Comments.Add("Always fail, even when allowed above (deny wins): network copyleft, source-available and non-commercial licenses.");
        foreach (var (entry, users) in denyDropped)
        {
            deny.Comments.Add($"Not denied: {entry}, because the project uses it ({Names(users)}). Review that use; add \"{entry}\" back once it is gone.");
        }

        var unknown = JsoncNode.String("warning").WithComments<JsoncNode>(unknownCount == 0
            ? "Severity when a license cannot be determined (TC1002 packages, TC3004 models): none | info | warning | error. Every license is known today: \"error\" keeps it that way."
            : $"Severity when a license cannot be determined (TC1002 packages, TC3004 models): none | info | warning | error. Today {unknownCount} have no identifiable license (see packages.overrides and models.minimumOpenness); make this \"error\" once they are resolved.");
        return new JsoncObject().Add("allow", allow).Add("deny", deny).Add("unknown", unknown);
    }

    private static JsoncObject Packages(Report report, List<PackageReport> unknownPackages)
    {
        var sources = report.Packages.Where(p => p.Source is not null).GroupBy(p => p.Source!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var trustedSources = new JsoncArray().WithComments<JsoncArray>(
            "Package feeds you trust; when set, a package restored from anywhere else is an error (TC2003). Empty: not checked."
            + (sources.Count == 0 ? "" : " Restored from today: " + string.Join(", ", sources.Select(g => $"{g.Key} ({Count(g.Count(), "package")})")) + "."));

        var signers = report.Packages
            .SelectMany(p => new[] { (p.Signature.RepositoryFingerprint, p.Signature.RepositorySigner, Kind: "repository"), (p.Signature.AuthorFingerprint, p.Signature.AuthorSigner, Kind: "author") })
            .Where(s => s.Item1 is not null)
            .GroupBy(s => s.Item1!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var trustedSigners = new JsoncArray().WithComments<JsoncArray>(
            "SHA-256 fingerprints of author or repository signing certificates; when set, a package signed by none of them is an error (TC2002). Empty: not checked.");
        if (signers.Count > 0)
        {
            trustedSigners.Comments.Add("Signers seen today (un-comment to require them):");
            trustedSigners.Trailing.AddRange(signers.Select(g => $"\"{g.Key}\", // {g.First().Kind} signer {CommonName(g.First().Item2)}, {Count(g.Count(), "package")}"));
        }

        var overrides = new JsoncObject().WithComments<JsoncObject>(
            "Per-package decisions, keyed \"Id\", \"Id@1.2.3\" or \"Id@[1.0,2.0)\": { \"license\": \"<SPDX expression>\", \"reason\": \"<who reviewed what, when>\" }. Without \"license\" the package is accepted as it is.");
        if (unknownPackages.Count > 0)
        {
            overrides.Trailing.Add($"{Count(unknownPackages.Count, "package")} with no license TrustCheck can identify (TC1002). Read each license, then un-comment its line with the SPDX id and a reason:");
            foreach (var package in unknownPackages)
            {
                var where = package.License.Url is { } url ? $" // licenseUrl: {url}" : package.License.Kind == "file" ? " // license file in the package" : " // no license declared";
                overrides.Trailing.Add($"\"{package.Id}@{package.Version}\": {{ \"license\": \"<SPDX id>\", \"reason\": \"<who reviewed what, when>\" }},{where}");
            }
        }

        return new JsoncObject().Add("trustedSources", trustedSources).Add("trustedSigners", trustedSigners).Add("overrides", overrides);
    }

    private static JsoncObject Models(Report report, SortedDictionary<string, FormatUse> formats, List<ModelReport> unknownModels, bool lockExists)
    {
        var requireLock = JsoncNode.Bool(lockExists).WithComments<JsoncNode>(lockExists
            ? "Every model file must be in trustcheck.lock.json with its SHA-256 (TC3001 when missing, TC3002 when changed). Run 'trustcheck lock' after reviewing a new or updated model."
            : report.Models.Count == 0
                ? "No models yet. Once there are: run 'trustcheck lock' to record their SHA-256 in trustcheck.lock.json, then set this to true so a new or changed model file is reported (TC3001, TC3002)."
                : "There is no trustcheck.lock.json yet: run 'trustcheck lock' to record each model's SHA-256, commit it, then set this to true so a new or changed model file is reported (TC3001, TC3002).");
        var signed = report.Models.Count(m => m.Provenance.Signed);
        var requireSignature = JsoncNode.Bool(false).WithComments<JsoncNode>(
            $"true: a model without a valid OpenSSF model signature is a warning (TC3007). {signed} of {Count(report.Models.Count, "model")} carry a valid signature today. Keys and identities go in \"signing\" (see the reference).");

        var allowFormats = new JsoncArray();
        allowFormats.Items.AddRange(SafeFormats.Select(JsoncNode.String));
        allowFormats.Items.AddRange(formats.Keys.Where(f => !SafeFormats.Contains(f)).Select(JsoncNode.String));
        allowFormats.Comments.Add("Weights formats the project may ship; any other is an error (TC3011 for pickle-based formats, TC3015 otherwise). onnx, safetensors and gguf cannot carry code.");
        if (formats.Count > 0)
        {
            allowFormats.Comments.Add("In use today: " + string.Join("; ", formats.Select(f => $"{f.Key} ({Names(f.Value.Models)})")) + ".");
        }

        foreach (var (format, use) in formats.Where(f => f.Value.PickleBased))
        {
            allowFormats.Comments.Add($"{format} is pickle-based and can run code when loaded: convert {Names(use.Models)} to safetensors or ONNX, then remove \"{format}\".");
        }

        var weakest = report.Models.Select(m => m.Openness.Class).MinBy(c => Array.IndexOf(OpennessOrder, c));
        var minimum = report.Models.Count == 0 ? "open-weights" : weakest is not null && OpennessOrder.Contains(weakest) ? weakest : null;
        var minimumNode = (minimum is null ? JsoncNode.Null() : JsoncNode.String(minimum)).WithComments<JsoncNode>(
            "Weakest openness a model may have: open-source | open-weights | restricted (or null: not checked). A model below it is an error (TC3005, or TC3004 when its license is unknown).");
        if (report.Models.Count == 0)
        {
            minimumNode.Comments.Add("No models yet: open-weights admits models whose licenses restrict use (acceptable-use policies, user thresholds) but not non-commercial or research-only ones.");
        }
        else if (minimum is null)
        {
            minimumNode.Comments.Add($"Not set because the openness of {Names(unknownModels.Select(m => m.Path).ToList())} is unknown (no license found, TC3004): add their model cards, then set it.");
        }
        else
        {
            minimumNode.Comments.Add("Today: " + string.Join("; ", report.Models.Select(m => $"{m.Path} is {m.Openness.Class}")) + ".");
        }

        return new JsoncObject()
            .Add("requireLock", requireLock)
            .Add("requireSignature", requireSignature)
            .Add("allowFormats", allowFormats)
            .Add("minimumOpenness", minimumNode);
    }

    private sealed record FormatUse(List<string> Models, bool PickleBased);

    /// <summary>Every weights format in use: from the probe policy's format findings (each file), and each model's main format.</summary>
    private static SortedDictionary<string, FormatUse> FormatsInUse(Report report)
    {
        var uses = new SortedDictionary<string, FormatUse>(StringComparer.Ordinal);
        foreach (var finding in report.Findings.Where(f => f.RuleId is RuleIds.ModelPickleFormat or RuleIds.ModelFormatNotAllowed))
        {
            if (finding.Data?.GetValueOrDefault("format") is { Length: > 0 } format && finding.Data.ContainsKey("allowFormats"))
            {
                Add(format, finding.Subject, finding.RuleId == RuleIds.ModelPickleFormat);
            }
        }

        return uses;

        void Add(string format, string model, bool pickle)
        {
            if (!uses.TryGetValue(format, out var use))
            {
                uses[format] = use = new FormatUse(new List<string>(), pickle);
            }

            if (!use.Models.Contains(model))
            {
                use.Models.Add(model);
                use.Models.Sort(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Whether <paramref name="expression"/> names <paramref name="id"/> as one of its licenses.</summary>
    private static bool Mentions(string expression, string id) =>
        SpdxExpression.TryParse(expression, out var tree, out _) && Leaves(tree!).Contains(id, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Leaves(NuGetLicenseExpression node) => node switch
    {
        NuGetLicense license => [license.ToString()],
        WithOperator with => [$"{with.License} WITH {with.Exception.Identifier}"],
        LogicalOperator logical => Leaves(logical.Left).Concat(Leaves(logical.Right)),
        _ => [],
    };

    /// <summary>"CN=NuGet.org Repository by Microsoft, O=…" → "NuGet.org Repository by Microsoft": enough to recognise a signer.</summary>
    private static string CommonName(string? subject)
    {
        var cn = subject?.Split(", ").FirstOrDefault(part => part.StartsWith("CN=", StringComparison.OrdinalIgnoreCase));
        return cn is null ? subject ?? "(unknown subject)" : cn[3..];
    }

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= NamesShown ? string.Join(", ", names) : $"{string.Join(", ", names.Take(NamesShown))} and {names.Count - NamesShown} more";

    internal static string Count(int count, string singular, string? plural = null) => $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
