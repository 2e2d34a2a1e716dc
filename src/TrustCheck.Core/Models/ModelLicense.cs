using NuGet.Packaging.Licenses;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>A model's license as found (raw id + where) and what the AI license catalog says it means.</summary>
internal sealed record ModelLicenseFacts(string? RawId, string? Source, string? Expression, AiLicense? Catalog)
{
    public static ModelLicenseFacts None { get; } = new(null, null, null, null);

    public IReadOnlyList<string> Restrictions => Catalog?.Restrictions ?? [];
}

/// <summary>
/// Finds the license id of a model (model card, config.json, file metadata, in that order), maps it through the
/// AI license catalog, and raises TC3003 (denied / not allowed) and TC3004 (unknown) against the policy.
/// </summary>
internal static class ModelLicense
{
    /// <summary>Hugging Face placeholders that say "see elsewhere" rather than name a license.</summary>
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase) { "other", "unknown", "none", "n/a" };

    /// <summary>Source name for a license a reviewer wrote into trustcheck.lock.json (used only when the model itself names none).</summary>
    public const string LockSource = "trustcheck.lock.json";

    public static ModelLicenseFacts Resolve(ModelCardFacts? card, string? configLicense, IEnumerable<InspectedModelFile> files, string? lockedLicense)
    {
        foreach (var (rawId, source) in Candidates(card, configLicense, files).Append((lockedLicense, LockSource)))
        {
            if (string.IsNullOrWhiteSpace(rawId) || Placeholders.Contains(rawId.Trim()))
            {
                continue;
            }

            var id = rawId.Trim();
            var catalog = SafeFind(id);
            return new ModelLicenseFacts(id, source, catalog?.Expression ?? ExpressionFor(id), catalog);
        }

        return ModelLicenseFacts.None;
    }

    /// <summary>One license id read elsewhere (a hub answer's card data): mapped like a card's, placeholders (<c>other</c>) mean none.</summary>
    public static ModelLicenseFacts FromId(string? rawId, string source)
    {
        if (string.IsNullOrWhiteSpace(rawId) || Placeholders.Contains(rawId.Trim()))
        {
            return ModelLicenseFacts.None;
        }

        var id = rawId.Trim();
        var catalog = SafeFind(id);
        return new ModelLicenseFacts(id, source, catalog?.Expression ?? ExpressionFor(id), catalog);
    }

    /// <summary>Where a license id can be read, most specific first. <c>license: other</c> defers to <c>license_name</c>.</summary>
    private static IEnumerable<(string? Id, string Source)> Candidates(ModelCardFacts? card, string? configLicense, IEnumerable<InspectedModelFile> files)
    {
        if (card is not null)
        {
            yield return (card.License, card.LicenseSource ?? "model-card:license");
        }

        yield return (configLicense, "config:license");

        foreach (var file in files.OrderBy(f => f.FullPath, StringComparer.Ordinal))
        {
            if (file.Inspection is { License: { } license } inspection)
            {
                yield return (license, inspection.LicenseSource ?? $"{file.Format}:license");
            }
        }
    }

    /// <summary>An id the catalog does not know: kept as an SPDX expression when it parses as one, else a LicenseRef.</summary>
    private static string ExpressionFor(string id)
    {
        try
        {
            var parsed = NuGetLicenseExpression.Parse(id);
            if ((parsed is NuGetLicense { IsStandardLicense: true } || parsed.Type != LicenseExpressionType.License) && parsed.ToString() is { } text)
            {
                return text;
            }
        }
        catch (Exception ex) when (ex is NuGetLicenseExpressionParsingException or ArgumentException)
        {
            // Not SPDX syntax: fall through to a LicenseRef.
        }

        var cleaned = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray()).Trim('-');
        return "LicenseRef-" + (cleaned.Length == 0 ? "unknown" : cleaned);
    }

    private static AiLicense? SafeFind(string id)
    {
        try
        {
            return AiLicenseCatalog.Find(id);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static AiLicense? SafeFamily(string modelName)
    {
        try
        {
            return AiLicenseCatalog.FindByModelName(modelName);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>TC3003 (denied or not on the allow list) and TC3004 (unknown). Returns the policy's verdict.</summary>
    /// <param name="unknownSeverity">Raises TC3004 above the policy's licenses.unknown (e.g. when minimumOpenness is missed).</param>
    /// <param name="modelName">A model name from the files (GGUF general.name, card base_model): for unknown licenses, names the family's usual license as a hint.</param>
    public static LicenseDecision Evaluate(CheckContext context, string subject, ModelLicenseFacts license, RuleSeverity? unknownSeverity = null, string? modelName = null)
    {
        var evaluation = LicensePolicyEvaluator.Evaluate(license.Expression, context.Policy.Licenses);
        var location = new FindingLocation(subject);
        switch (evaluation.Decision)
        {
            case LicenseDecision.Denied:
                context.Findings.Add(RuleIds.ModelLicenseDenied, subject,
                    $"{subject}: license {license.Expression} (from {license.Source}) is denied by the policy ({evaluation.Reason}). "
                    + "Replace the model with one under an allowed license, or change licenses.deny in trustcheck.json if this use is permitted.",
                    location, Data(license));
                break;
            case LicenseDecision.NotAllowed:
                context.Findings.Add(RuleIds.ModelLicenseDenied, subject,
                    $"{subject}: license {license.Expression} (from {license.Source}) is not on the policy's allow list ({evaluation.Reason}). "
                    + "Use a model under an allowed license, or add the license to licenses.allow in trustcheck.json after review.",
                    location, Data(license));
                break;
            case LicenseDecision.Unknown:
                // A family name is a hint, never the answer: fine-tunes and conversions often change the terms.
                var family = modelName is null ? null : SafeFamily(modelName);
                var hint = family is null ? "" : $" Its name '{modelName}' suggests the {family.Name} ({family.Expression}); confirm that on the model's source before recording it.";
                context.Findings.Add(RuleIds.ModelLicenseUnknown, subject,
                    $"{subject}: no license found (no license in the file metadata, no model card README.md with a 'license:' field, no config.json license), "
                    + $"so nobody can tell whether you may ship it.{hint} Add the model card from the model's source, or record the license in trustcheck.lock.json after checking it.",
                    location, family is null ? null : new Dictionary<string, string> { ["suggestedLicense"] = family.Expression },
                    unknownSeverity ?? context.Policy.Licenses.Unknown);
                break;
        }

        return evaluation.Decision;
    }

    public static Dictionary<string, string> Data(ModelLicenseFacts license)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (license.Expression is not null)
        {
            data["license"] = license.Expression;
        }

        if (license.Source is not null)
        {
            data["source"] = license.Source;
        }

        if (license.Restrictions.Count > 0)
        {
            data["restrictions"] = string.Join(",", license.Restrictions);
        }

        return data;
    }
}
