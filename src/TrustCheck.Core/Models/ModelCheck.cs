using System.Security.Cryptography;
using System.Text;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>Model stage: discovery, format readers, license/openness, lock and signature verification.</summary>
public static class ModelCheck
{
    private const long ParallelThresholdBytes = 64L * 1024 * 1024;

    public static void Run(CheckContext context)
    {
        var units = ModelDiscovery.Discover(context).ToList();
        var remote = context.Options.ModelReferences.Count > 0;
        // In a multi-project run one cache serves every project (a shared model is hashed once); its owner saves it.
        // Store blobs are big and rarely change: a CLI scan of references keeps their hashes in the user's cache folder too.
        var shared = context.Options.Shared;
        var hashes = shared?.Hashes ?? HashCache.OpenShared(context.Options.UseCaches
            ? context.Options.HashCachePath ?? (remote ? Remote.StoreHashCache.DefaultPath() : null)
            : null);
        if (units.Count == 0 && !remote)
        {
            if (shared is null)
            {
                SaveHashCache(context, hashes);
            }

            return;
        }

        if (remote)
        {
            units.AddRange(Remote.RemoteModelDiscovery.Discover(context, hashes).Units);
        }

        var work = units.SelectMany(u => u.Files.Select(f => (Unit: u, File: f))).ToArray();
        var inspected = new InspectedModelFile?[work.Length];
        // Files are independent: hash and inspect big ones in parallel. For a few MB in total the thread start-up costs more
        // than it saves (a CLI scan is mostly start-up). Everything after this is ordered and deterministic.
        if (TotalBytes(work.Select(w => w.File)) < ParallelThresholdBytes)
        {
            for (var i = 0; i < work.Length; i++)
            {
                inspected[i] = InspectSafely(context, work[i].Unit, work[i].File, hashes);
            }
        }
        else
        {
            Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => inspected[i] = InspectSafely(context, work[i].Unit, work[i].File, hashes));
        }

        var claimed = work.Select(w => w.File).ToHashSet(ModelDiscovery.PathComparer);
        var next = 0;
        foreach (var unit in units)
        {
            var files = inspected.AsSpan(next, unit.Files.Count).ToArray().OfType<InspectedModelFile>().ToList();
            next += unit.Files.Count;
            files.AddRange(ExternalDataFiles(context, unit, files, claimed, hashes));
            if (files.Count > 0)
            {
                Assess(context, unit, files, hashes);
            }
            else if (unit.Store is { } store)
            {
                Remote.StoreIntegrity.Check(context, store, files, hashes);
            }
        }

        if (shared is null)
        {
            SaveHashCache(context, hashes);
        }
    }

    /// <summary>The cache only saves time: a read-only or full obj/ is one TC9005 warning, never a failed check.</summary>
    private static void SaveHashCache(CheckContext context, HashCache hashes)
    {
        try
        {
            hashes.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var path = context.Options.HashCachePath!;
            var shown = context.DisplayPath(path);
            context.Findings.Add(RuleIds.BuildStateNotWritten, shown,
                $"{shown}: the model hash cache could not be written ({ex.Message.Split('\n')[0].Trim()}); every model is hashed again on the next run. Make the folder writable (or free disk space).",
                new FindingLocation(shown));
        }
    }

    private static long TotalBytes(IEnumerable<string> files)
    {
        long total = 0;
        foreach (var file in files)
        {
            try
            {
                total += new FileInfo(file).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable files are reported by the inspector; they do not count here.
            }

            if (total >= ParallelThresholdBytes)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Lock entries for the models seen in <paramref name="context"/> (after <see cref="Run"/>): one per file, folder models included.</summary>
    public static IEnumerable<Provenance.LockedModel> CreateLockEntries(CheckContext context) => ModelLock.CreateEntries(context);

    /// <summary>
    /// Files a model loads at run time (ONNX external data) belong to it: hashed, locked and compared like the model file.
    /// Only existing files under the model file's own folder are taken (paths escaping it are the reader's TC3012).
    /// </summary>
    private static IEnumerable<InspectedModelFile> ExternalDataFiles(CheckContext context, ModelUnit unit, List<InspectedModelFile> files, HashSet<string> claimed, HashCache hashes)
    {
        foreach (var file in files.ToList())
        {
            if (file.Inspection is not { ExternalFiles.Count: > 0 } inspection)
            {
                continue;
            }

            var folder = Path.GetDirectoryName(file.FullPath)!;
            foreach (var relative in inspection.ExternalFiles.Distinct(StringComparer.Ordinal))
            {
                var full = Path.GetFullPath(Path.Combine(folder, relative));
                if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !Path.Exists(full) || !claimed.Add(full))
                {
                    continue;
                }

                if (InspectSafely(context, unit with { KeepUnknown = true }, full, hashes) is { } external)
                {
                    yield return external;
                }
            }
        }
    }

    private static InspectedModelFile? InspectSafely(CheckContext context, ModelUnit unit, string file, HashCache hashes) =>
        context.Options.Shared is { } shared
            ? shared.Model(file, unit, context, scratch => InspectOnce(scratch, unit, file, hashes))
            : InspectOnce(context, unit, file, hashes);

    private static InspectedModelFile? InspectOnce(CheckContext context, ModelUnit unit, string file, HashCache hashes)
    {
        try
        {
            return ModelFileInspector.Inspect(file, unit, context, hashes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var shown = context.DisplayPath(file);
            context.Findings.Add(RuleIds.InternalError, unit.SubjectIn(context),
                $"{shown}: internal error while inspecting: {ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}. The other files were still checked; please report this.",
                new FindingLocation(shown));
            return null;
        }
    }

    /// <summary>Everything about one model once its files are read: license, openness, allowed format, lock, signature.</summary>
    private static void Assess(CheckContext context, ModelUnit unit, List<InspectedModelFile> files, HashCache hashes)
    {
        var subject = unit.SubjectIn(context);
        var card = ReadCard(unit, files);
        var configLicense = unit.IsFolder ? ModelConfigJson.License(Path.Combine(unit.Path, "config.json")) : null;
        ModelLicenseFacts license;
        string? licenseKind;
        if (unit.Store is { } store)
        {
            (license, licenseKind) = Remote.RemoteLicense.Resolve(store, card, configLicense, files, hashes);
        }
        else
        {
            var lockedLicense = files.Select(f => ModelLock.Find(context, f.FullPath)?.License).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
            license = ModelLicense.Resolve(card, configLicense, files, lockedLicense);
            licenseKind = license.Expression is null ? null : license.Source == ModelLicense.LockSource ? "override" : "metadata";
        }

        var report = new ModelReport
        {
            Path = context.DisplayPath(unit.Path),
            Format = FormatOf(files, card),
            Size = files.Sum(f => f.Size),
            Sha256 = unit.Store is { IsFolder: false } ollama ? ollama.Revision["sha256:".Length..] : unit.IsFolder ? FolderDigest(unit.Path, files) : files[0].Sha256,
            Files = unit.IsFolder ? files.Select(f => Relative(unit.Path, f.FullPath)).Order(StringComparer.Ordinal).ToList() : null,
            License = new LicenseReport
            {
                Expression = license.Expression,
                Kind = license.Expression is null ? "none" : licenseKind ?? "metadata",
                Source = license.Source,
                Url = card?.LicenseLink,
            },
            Metadata = Metadata(unit, files),
        };

        var components = ModelOpenness.Components(files, card);
        report.Openness = ModelOpenness.Grade(license, components, card);
        var minimum = context.Policy.Models.MinimumOpenness;
        var belowMinimum = minimum is not null && ModelOpenness.Rank(report.Openness.Class) < ModelOpenness.Rank(minimum);

        var decision = ModelLicense.Evaluate(context, subject, license, belowMinimum ? RuleSeverity.Error : null, ModelName(files));
        if (decision is not (LicenseDecision.Denied or LicenseDecision.NotAllowed))
        {
            ReportRestrictions(context, subject, license, report.Openness, belowMinimum ? minimum : null, decisionWasUnknown: decision == LicenseDecision.Unknown);
        }

        ReportDisallowedFormats(context, subject, files);
        if (unit.Store is { } resolved)
        {
            Remote.StoreIntegrity.Check(context, resolved, files, hashes);
            var entry = Remote.RemoteLock.Entry(resolved, files, license.Expression, licenseKind, report.Format);
            Remote.RemoteLock.Check(context, resolved, entry, report.Provenance);
            context.RemoteModels.Add(entry);
        }
        else
        {
            ModelLock.Check(context, subject, files, report.Provenance);
        }

        if (unit.Store is null or { IsFolder: true })
        {
            ModelSignatures.Check(context, unit.Path, subject, report.Provenance, hashes);
        }

        context.Models.Add(report);
        if (unit.Store is null)
        {
            context.ModelFiles.AddRange(files.Select(f => (f, license.Expression)));
        }
    }

    /// <summary>
    /// TC3005: the license restricts use (open weights, not open source), naming each restriction and any openwashing.
    /// Raised at error when the model is below the policy's minimumOpenness; an ungradable model below it is TC3004 at error.
    /// </summary>
    internal static void ReportRestrictions(CheckContext context, string subject, ModelLicenseFacts license, OpennessReport openness, string? minimumMissed, bool decisionWasUnknown)
    {
        var location = new FindingLocation(subject);
        if (license.Restrictions.Count == 0 && minimumMissed is null)
        {
            return;
        }

        if (license.Restrictions.Count == 0 || openness.Class == ModelOpenness.Unknown)
        {
            if (!decisionWasUnknown)
            {
                context.Findings.Add(RuleIds.ModelLicenseUnknown, subject,
                    $"{subject}: license {license.Expression ?? "(none)"} (from {license.Source ?? "nowhere"}) cannot be graded for openness ('{openness.Class}'), "
                    + $"but the policy requires models.minimumOpenness '{minimumMissed}'. Check the license terms, then record them as a policy decision or pick a model whose license is known.",
                    location, ModelLicense.Data(license), RuleSeverity.Error);
            }

            return;
        }

        var name = license.Catalog?.Name is { Length: > 0 } n && n != license.Expression ? $" ({n})" : "";
        var message = new StringBuilder()
            .Append($"{subject}: license {license.Expression}{name} (from {license.Source}) restricts use: {string.Join(", ", license.Restrictions)}. ")
            .Append(openness.Class == ModelOpenness.Restricted
                ? "Its weights are restricted, not open source: check that your use is permitted before shipping it."
                : "Open weights, not open source: the weights are available, but the terms limit who may use them and how.");
        if (openness.Openwashing is not null)
        {
            message.Append($" Openwashing: {openness.Openwashing}.");
        }

        if (minimumMissed is not null)
        {
            message.Append($" The policy requires models.minimumOpenness '{minimumMissed}' and this model is '{openness.Class}'.");
        }

        message.Append(" Review the terms; to accept them set \"rules\": { \"TC3005\": \"none\" } or list the license in licenses.allow, or choose a model under an OSI-approved license.");

        var data = ModelLicense.Data(license);
        data["openness"] = openness.Class;
        if (openness.Openwashing is not null)
        {
            data["openwashing"] = "true";
        }

        context.Findings.Add(RuleIds.ModelLicenseRestricted, subject, message.ToString(), location, data,
            minimumMissed is not null ? RuleSeverity.Error : null);
    }

    /// <summary>
    /// models.allowFormats: a weights file in another format is a policy violation (error). Pickle-based formats report under
    /// TC3011 (the pickle-format rule, raised to error because the policy excludes them); any other format under TC3015.
    /// </summary>
    private static void ReportDisallowedFormats(CheckContext context, string subject, List<InspectedModelFile> files)
    {
        if (context.Policy.Models.AllowFormats is not { } allowed)
        {
            return;
        }

        var data = ModelDiscoveryData.Current;
        var allowList = string.Join(", ", allowed);
        foreach (var file in files.Where(f => data.WeightFormats.Contains(f.Format) && !allowed.Contains(f.Format, StringComparer.OrdinalIgnoreCase)))
        {
            var pickle = data.PickleFormats.Contains(file.Format);
            var why = pickle
                ? "pickle-based formats can run arbitrary code when loaded"
                : "the policy limits which formats the project may ship";
            context.Findings.Add(pickle ? RuleIds.ModelPickleFormat : RuleIds.ModelFormatNotAllowed, subject,
                $"{file.DisplayPath}: format '{file.Format}' is not allowed by the policy (models.allowFormats: {allowList}); {why}. "
                + $"Convert it to an allowed format (e.g. safetensors or ONNX) or add '{file.Format}' to models.allowFormats in trustcheck.json.",
                new FindingLocation(file.DisplayPath),
                new Dictionary<string, string> { ["format"] = file.Format, ["allowFormats"] = allowList },
                RuleSeverity.Error);
        }
    }

    /// <summary>The model card: the folder's top-level README.md (or the file itself when a card was scanned on its own).</summary>
    private static ModelCardFacts? ReadCard(ModelUnit unit, List<InspectedModelFile> files)
    {
        var card = unit.IsFolder
            ? files.FirstOrDefault(f => f.FullPath.Equals(Path.Combine(unit.Path, "README.md"), StringComparison.OrdinalIgnoreCase))
            : files[0].Format == "model-card" || Path.GetFileName(files[0].FullPath).Equals("README.md", StringComparison.OrdinalIgnoreCase) ? files[0] : null;
        if (card is null)
        {
            return null;
        }

        return card.Inspection is { Format: ModelFormats.ModelCard } inspection ? ModelCardFacts.FromInspection(inspection) : null;
    }

    /// <summary>The name the files give the model (GGUF general.name / basename, card base_model), for license hints.</summary>
    private static string? ModelName(List<InspectedModelFile> files) =>
        files.Select(f => f.Inspection?.Metadata)
            .Select(m => m?.GetValueOrDefault("general.basename") ?? m?.GetValueOrDefault("general.name") ?? m?.GetValueOrDefault("card.base_model"))
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));

    /// <summary>A folder model's format is that of its largest weights file (the model card when it has none).</summary>
    private static string FormatOf(List<InspectedModelFile> files, ModelCardFacts? card)
    {
        var weights = ModelDiscoveryData.Current.WeightFormats;
        var largest = files.Where(f => weights.Contains(f.Format)).OrderByDescending(f => f.Size).ThenBy(f => f.FullPath, StringComparer.Ordinal).FirstOrDefault();
        return largest?.Format
            ?? (card is not null ? "model-card" : null)
            ?? files.Select(f => f.Format).FirstOrDefault(f => f != "unknown")
            ?? "unknown";
    }

    /// <summary>
    /// SHA-256 of a sha256sum-style manifest ("&lt;hex&gt;  &lt;relative path&gt;\n", paths ordinal-sorted, forward slashes):
    /// one value that changes when any file of the folder does. Null when a file could not be hashed.
    /// </summary>
    internal static string? FolderDigest(string folder, IReadOnlyList<InspectedModelFile> files)
    {
        if (files.Any(f => f.Sha256 is null))
        {
            return null;
        }

        var manifest = new StringBuilder();
        foreach (var (relative, sha) in files.Select(f => (Relative(folder, f.FullPath), f.Sha256!)).OrderBy(e => e.Item1, StringComparer.Ordinal))
        {
            manifest.Append(sha).Append("  ").Append(relative).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }

    /// <summary>File model: the reader's metadata as is. Folder model: each file's keys prefixed with its relative path.</summary>
    private static SortedDictionary<string, string> Metadata(ModelUnit unit, List<InspectedModelFile> files)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Inspection is null)
            {
                continue;
            }

            var prefix = unit.IsFolder ? Relative(unit.Path, file.FullPath) + ":" : "";
            foreach (var (key, value) in file.Inspection.Metadata)
            {
                metadata.TryAdd(prefix + key, value);
            }
        }

        return metadata;
    }

    private static string Relative(string folder, string file) => Path.GetRelativePath(folder, file).Replace('\\', '/');
}
