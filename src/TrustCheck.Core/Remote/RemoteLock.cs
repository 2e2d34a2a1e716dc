using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Remote;

/// <summary>
/// The <c>references</c> section of trustcheck.lock.json: per remote model its resolved digest/commit, each file's SHA-256
/// and the license. A different digest, commit or file hash is TC3002; a reference not in the lock is TC3001.
/// </summary>
internal static class RemoteLock
{
    public static LockedReference? Find(CheckContext context, string canonical) =>
        context.Lock?.References?.FirstOrDefault(r => string.Equals(r.Reference, canonical, StringComparison.Ordinal));

    /// <summary>The lock entry this run would write for a resolved store model.</summary>
    public static LockedReference Entry(StoreModel model, IReadOnlyList<InspectedModelFile> files, string? license, string? licenseKind, string format) => new()
    {
        Reference = model.Reference.Canonical,
        Revision = model.Revision,
        License = license,
        LicenseKind = licenseKind,
        Format = format,
        Files = files.Where(f => f.Sha256 is not null)
            .Select(f => new LockedReferenceFile
            {
                Name = model.FileNames.GetValueOrDefault(f.FullPath, Path.GetFileName(f.FullPath)),
                Size = f.Size,
                Sha256 = f.Sha256!,
                GitBlob = model.VerifiedGitBlob.GetValueOrDefault(f.FullPath),
            })
            .ToList(),
    };

    public static void Check(CheckContext context, StoreModel model, LockedReference current, ModelProvenanceReport provenance) =>
        Compare(context, current, context.DisplayPath(model.Path), provenance);

    /// <summary>
    /// Compares what the reference resolves to now (from the store, or from the hub's API) with its lock entry:
    /// TC3001 when not locked (and the policy requires locks), TC3002 when the digest/commit or a file differs.
    /// </summary>
    public static void Compare(CheckContext context, LockedReference current, string shownPath, ModelProvenanceReport provenance)
    {
        var subject = current.Reference;
        provenance.Source = subject;
        provenance.Revision = current.Revision;
        var locked = Find(context, subject);
        if (locked is null)
        {
            if (context.Policy.Models.RequireLock)
            {
                context.Findings.Add(RuleIds.ModelNotLocked, subject,
                    $"{subject} (resolved to {current.Revision}) is not in trustcheck.lock.json, so a re-pulled or swapped model would go unnoticed. "
                    + "Review it, then run 'trustcheck lock' to record its digest, file hashes and license.",
                    new FindingLocation(subject), new Dictionary<string, string> { ["reference"] = subject, ["revision"] = current.Revision });
            }

            return;
        }

        var changes = Changes(locked, current).ToList();
        provenance.Locked = changes.Count == 0;
        if (changes.Count > 0)
        {
            context.Findings.Add(RuleIds.ModelHashMismatch, subject,
                $"{subject}: resolves to {current.Revision} but trustcheck.lock.json recorded {locked.Revision}: {string.Join("; ", changes)}. "
                + "The model was re-pulled or changed since it was reviewed. Pull the locked version again, or review the new one and run 'trustcheck lock' to accept it.",
                new FindingLocation(shownPath),
                new Dictionary<string, string> { ["reference"] = subject, ["expected"] = locked.Revision, ["actual"] = current.Revision });
        }
    }

    private static IEnumerable<string> Changes(LockedReference locked, LockedReference current)
    {
        var sameRevision = string.Equals(locked.Revision, current.Revision, StringComparison.OrdinalIgnoreCase);
        if (!sameRevision)
        {
            yield return "the digest/commit differs";
        }

        var before = locked.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var file in current.Files)
        {
            if (!before.Remove(file.Name, out var old))
            {
                yield return $"{file.Name} is new";
            }
            else if (Difference(old, file) is { } difference)
            {
                yield return difference;
            }
        }

        // A Hugging Face snapshot holds only the files someone downloaded: at the locked commit, a file not here is not a change.
        var partialSnapshot = sameRevision && current.Reference.StartsWith(ModelReference.HuggingFacePrefix, StringComparison.Ordinal);
        foreach (var gone in before.Keys.Where(_ => !partialSnapshot).Order(StringComparer.Ordinal))
        {
            yield return $"{gone} is gone";
        }
    }

    /// <summary>
    /// The SHA-256 when both sides have one; else the git blob id (a small file pinned through the hub's API has only that);
    /// else the size is all there is to compare.
    /// </summary>
    private static string? Difference(LockedReferenceFile locked, LockedReferenceFile current)
    {
        if (locked.Sha256 is not null && current.Sha256 is not null)
        {
            return string.Equals(locked.Sha256, current.Sha256, StringComparison.OrdinalIgnoreCase) && locked.Size == current.Size
                ? null
                : $"{current.Name} has SHA-256 {current.Sha256}, locked {locked.Sha256}";
        }

        if (locked.GitBlob is not null && current.GitBlob is not null && !string.Equals(locked.GitBlob, current.GitBlob, StringComparison.OrdinalIgnoreCase))
        {
            return $"{current.Name} has git blob {current.GitBlob}, locked {locked.GitBlob}";
        }

        return locked.Size == current.Size ? null : $"{current.Name} has {current.Size} bytes, locked {locked.Size}";
    }
}

/// <summary>
/// A reference this machine's store does not have (a CI agent never ran <c>ollama pull</c>): with a lock entry the lock's
/// facts stand in (info, license still judged); without one it is a warning, since nothing about it could be checked.
/// </summary>
internal static class MissingReferences
{
    public static void Report(CheckContext context, ModelReference reference, string store, string why)
    {
        var subject = reference.Canonical;
        var locked = RemoteLock.Find(context, subject);
        if (locked is null)
        {
            context.Findings.Add(RuleIds.ModelMalformed, subject,
                $"{subject} is not in this machine's {StoreName(reference)} ({why}) and not in trustcheck.lock.json, so its license and content could not be checked. "
                + $"Pull it ({Pull(reference)}) or run 'trustcheck lock' on a machine that has it.",
                new FindingLocation(subject), new Dictionary<string, string> { ["reference"] = subject, ["store"] = store });
            return;
        }

        context.Findings.Add(RuleIds.ModelMalformed, subject,
            $"{subject} is not in this machine's {StoreName(reference)} ({why}); the facts recorded in trustcheck.lock.json ({locked.Revision}, license {locked.License ?? "unknown"}) are used instead.",
            new FindingLocation(subject), new Dictionary<string, string> { ["reference"] = subject, ["store"] = store }, Rules.RuleSeverity.Info);

        var catalog = locked.License is null ? null : Licensing.AiLicenseCatalog.Find(locked.License) ?? Licensing.AiLicenseCatalog.All.FirstOrDefault(l => l.Expression == locked.License);
        var license = new ModelLicenseFacts(locked.License, "trustcheck.lock.json", locked.License, catalog);
        var report = new ModelReport
        {
            Path = subject,
            Format = locked.Format ?? "unknown",
            Size = locked.Files.Sum(f => f.Size),
            License = new LicenseReport { Expression = locked.License, Kind = locked.LicenseKind ?? (locked.License is null ? "none" : "override"), Source = "trustcheck.lock.json" },
            Provenance = new ModelProvenanceReport { Locked = true, Source = subject, Revision = locked.Revision },
        };
        report.Openness = ModelOpenness.Grade(license, [], null);
        var decision = ModelLicense.Evaluate(context, subject, license);
        if (decision is not (Licensing.LicenseDecision.Denied or Licensing.LicenseDecision.NotAllowed))
        {
            ModelCheck.ReportRestrictions(context, subject, license, report.Openness, minimumMissed: null, decisionWasUnknown: decision == Licensing.LicenseDecision.Unknown);
        }
        context.Models.Add(report);
        context.RemoteModels.Add(locked);
    }

    private static string StoreName(ModelReference reference) => reference.Kind == ModelStoreKind.Ollama ? "Ollama store" : "Hugging Face cache";

    private static string Pull(ModelReference reference) => reference.Kind == ModelStoreKind.Ollama
        ? $"ollama pull {reference.Canonical[ModelReference.OllamaPrefix.Length..]}"
        : $"huggingface-cli download {reference.Namespace}/{reference.Name}" + (reference.Version == ModelReference.HuggingFaceDefaultRevision ? "" : $" --revision {reference.Version}");
}
