using TrustCheck.Core.Models;
using TrustCheck.Core.Online;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Remote;

/// <summary>
/// Online (opt-in): <c>hf:</c> references this machine's cache lacks are resolved through the hub's model API, so a lock
/// can pin them (commit, per-file SHA-256 / git blob id, the card's license) without downloading the weights, and a later
/// check compares against it. The files are not read, so their content rules did not run: an info finding says so.
/// A failed look-up is TC2007 (info) and the reference falls back to the lock's facts, as offline.
/// </summary>
internal static class HubReferences
{
    public const string LicenseSource = "hub:cardData.license";

    /// <summary>Looks the references up (in parallel, within the run's online timeout) and reports each one.</summary>
    public static void Resolve(CheckContext context, IReadOnlyList<(ModelReference Reference, string Store, string Why)> missing, Func<string, string?> environment)
    {
        if (missing.Count == 0)
        {
            return;
        }

        var endpoint = HubClient.EndpointFrom(environment);
        if (endpoint is null)
        {
            foreach (var (reference, store, why) in missing)
            {
                Unavailable(context, reference, $"{HubClient.EndpointVariable} '{environment(HubClient.EndpointVariable)}' is not an http(s) URL");
                MissingReferences.Report(context, reference, store, why);
            }

            return;
        }

        var options = context.Options;
        using var client = new HubClient(endpoint, options.UseCaches ? options.OnlineCacheDirectory ?? OnlineCache.DefaultDirectory() : null,
            options.OnlineCacheExpiry, options.OnlineTimeout);
        var lookups = Task.Run(async () =>
        {
            using var deadline = new CancellationTokenSource(options.OnlineTimeout);
            return await Task.WhenAll(missing.Select(m => client.LookUpAsync(m.Reference, deadline.Token))).ConfigureAwait(false);
        }).GetAwaiter().GetResult();

        for (var i = 0; i < missing.Count; i++)
        {
            var (reference, store, why) = missing[i];
            if (lookups[i].Info is { } info)
            {
                Report(context, reference, info, endpoint);
                continue;
            }

            if (!lookups[i].NotFound)
            {
                Unavailable(context, reference, $"{endpoint}: {lookups[i].Failure}");
            }

            MissingReferences.Report(context, reference, store, $"{why}; the hub at {endpoint} answered: {lookups[i].Failure}");
        }
    }

    private static void Unavailable(CheckContext context, ModelReference reference, string reason)
    {
        var subject = reference.Canonical;
        context.Findings.Add(RuleIds.OnlineLookupUnavailable, subject,
            $"{subject}: the Hugging Face hub could not be asked about it ({reason}), so it could not be resolved online; the offline checks still ran.",
            new FindingLocation(subject), new Dictionary<string, string> { ["reference"] = subject, ["reason"] = reason });
    }

    private static void Report(CheckContext context, ModelReference reference, HubModelInfo info, string endpoint)
    {
        var subject = reference.Canonical;
        var rawLicense = info.License is "other" && !string.IsNullOrWhiteSpace(info.LicenseName) ? info.LicenseName : info.License;
        var license = ModelLicense.FromId(rawLicense, LicenseSource);
        var format = FormatOf(info.Files);
        var entry = new LockedReference
        {
            Reference = subject,
            Revision = info.Commit,
            License = license.Expression,
            LicenseKind = license.Expression is null ? null : RemoteLicense.KindModelCard,
            Format = format,
            Files = info.Files.Select(f => new LockedReferenceFile { Name = f.Name, Size = f.Size, Sha256 = f.Sha256, GitBlob = f.GitBlobSha1 }).ToList(),
        };

        var gated = info.Gated is null or "false" ? "" : $"; gated ({info.Gated}): downloading it needs accepting its terms on the hub";
        context.Findings.Add(RuleIds.ModelMalformed, subject,
            $"{subject} is not in this machine's Hugging Face cache; resolved through {endpoint} to commit {info.Commit} "
            + $"({info.Files.Count} files, license {license.Expression ?? "not stated"} from the model card{gated}). "
            + "Its files were not read, so the content checks (pickle, chat templates, formats) did not run: download it to have them checked.",
            new FindingLocation(subject),
            new Dictionary<string, string> { ["reference"] = subject, ["endpoint"] = endpoint, ["revision"] = info.Commit, ["gated"] = info.Gated ?? "false" },
            Rules.RuleSeverity.Info);

        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["hub.endpoint"] = endpoint, ["hub.gated"] = info.Gated ?? "false" };
        if (info.LicenseName is { } name)
        {
            metadata["hub.cardData.license_name"] = name;
        }

        var report = new ModelReport
        {
            Path = subject,
            Format = format ?? "unknown",
            Size = info.Files.Sum(f => f.Size),
            Files = info.Files.Select(f => f.Name).Order(StringComparer.Ordinal).ToList(),
            License = new LicenseReport
            {
                Expression = license.Expression,
                Kind = license.Expression is null ? "none" : RemoteLicense.KindModelCard,
                Source = license.Expression is null ? null : LicenseSource,
                Url = info.LicenseLink,
            },
            Metadata = metadata,
        };
        report.Openness = ModelOpenness.Grade(license, [], null);
        var decision = ModelLicense.Evaluate(context, subject, license, modelName: reference.ModelName);
        if (decision is not (Licensing.LicenseDecision.Denied or Licensing.LicenseDecision.NotAllowed))
        {
            ModelCheck.ReportRestrictions(context, subject, license, report.Openness, minimumMissed: null, decisionWasUnknown: decision == Licensing.LicenseDecision.Unknown);
        }

        RemoteLock.Compare(context, entry, subject, report.Provenance);
        context.Models.Add(report);
        context.RemoteModels.Add(entry);
    }

    /// <summary>The weight format holding the most bytes (a repository often has safetensors beside ONNX or GGUF conversions).</summary>
    private static string? FormatOf(IReadOnlyList<HubFile> files)
    {
        var weights = ModelDiscoveryData.Current.WeightFormats;
        return files
            .Select(f => (File: f, Format: ModelExtensionTable.ExpectedFormats(f.Name).FirstOrDefault()))
            .Where(f => f.Format is not null && weights.Contains(f.Format))
            .GroupBy(f => f.Format!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(f => f.File.Size)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();
    }
}
