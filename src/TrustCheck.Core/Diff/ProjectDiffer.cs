using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Diff;

/// <summary>
/// Compares a fresh check (<see cref="Report"/>) with a base. Packages are matched by id (case-insensitive): one version
/// on each side is a version change, anything else is added/removed per version. Models are matched by path relative
/// to the lock's folder. Findings: against a report base, by fingerprint; against a lock base (no findings recorded),
/// a current finding is new when its subject is a package or model the change added or changed, else unchanged.
/// </summary>
public static class ProjectDiffer
{
    /// <param name="workingDirectory">What relative paths in both reports are relative to (the CLI's current folder).</param>
    /// <param name="anchorDirectory">The lock file's folder: model paths are compared (and shown) relative to it.</param>
    public static ProjectDiff Compare(Report current, DiffBase baseState, string workingDirectory, string anchorDirectory)
    {
        var anchored = FindingFingerprint.AnchoredTo(workingDirectory, anchorDirectory);
        var currentPackages = current.Packages.Select(Describe).ToList();
        var basePackages = baseState.Report is { } baseReport
            ? baseReport.Packages.Select(Describe).ToList()
            : baseState.Lock!.Packages.Select(p => new PackageSide(p.Id, p.Version, p.License, null, null)).ToList();
        var packages = ComparePackages(basePackages, currentPackages);

        var currentModels = current.Models.Select(m => Describe(m, anchored)).ToList();
        var baseModels = baseState.Report is { } report
            ? report.Models.Select(m => Describe(m, anchored)).ToList()
            : baseState.Lock!.Models.Select(m => new ModelEntry(m.Path.Replace('\\', '/'), m.Sha256, m.License) { Format = m.Format }).ToList();
        var models = CompareModels(baseModels, currentModels);

        var findings = baseState.Report is { } withFindings
            ? CompareFindings(withFindings.Findings, current.Findings, anchored)
            : AttributeFindings(current.Findings, packages, models, anchored);

        return new ProjectDiff
        {
            Base = baseState.Label,
            BaseHasFindings = baseState.Report is not null,
            Packages = packages,
            Models = models,
            Findings = findings,
            Current = current,
        };
    }

    private sealed record PackageSide(string Id, string Version, string? License, string? Signature, string? Repository);

    private static PackageSide Describe(PackageReport package) => new(package.Id, package.Version, package.License.Expression,
        package.Signature.Author && package.Signature.Repository ? "author+repository" : package.Signature.Author ? "author" : package.Signature.Repository ? "repository" : "none",
        package.Repository?.Url);

    private static ModelEntry Describe(ModelReport model, Func<string, string> anchored) =>
        new(anchored(model.Path), model.Sha256, model.License.Expression) { Format = model.Format, Openness = model.Openness.Class };

    private static PackageChanges ComparePackages(List<PackageSide> before, List<PackageSide> after)
    {
        var changes = new PackageChanges();
        var ids = before.Select(p => p.Id).Concat(after.Select(p => p.Id)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            var old = before.Where(p => Same(p.Id, id)).ToList();
            var now = after.Where(p => Same(p.Id, id)).ToList();
            if (old.Count == 1 && now.Count == 1)
            {
                var (from, to) = (old[0], now[0]);
                var change = new PackageChange(to.Id, from.Version, to.Version, from.License, to.License)
                {
                    SignatureFrom = from.Signature, SignatureTo = to.Signature, RepositoryFrom = from.Repository, RepositoryTo = to.Repository,
                };
                if (from.Version != to.Version || change.LicenseChanged || change.SignatureChanged || change.RepositoryChanged)
                {
                    changes.Changed.Add(change);
                }

                continue;
            }

            changes.Removed.AddRange(old.Where(o => !now.Any(n => n.Version == o.Version)).Select(o => new PackageEntry(o.Id, o.Version, o.License)));
            changes.Added.AddRange(now.Where(n => !old.Any(o => o.Version == n.Version)).Select(n => new PackageEntry(n.Id, n.Version, n.License)));
        }

        return changes;
    }

    private static ModelChanges CompareModels(List<ModelEntry> before, List<ModelEntry> after)
    {
        var changes = new ModelChanges();
        var old = before.GroupBy(m => m.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(m => m.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var path in old.Keys.Concat(now.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var hadIt = old.TryGetValue(path, out var from);
            var hasIt = now.TryGetValue(path, out var to);
            if (!hadIt)
            {
                changes.Added.Add(to!);
            }
            else if (!hasIt)
            {
                changes.Removed.Add(from!);
            }
            else
            {
                var change = new ModelChange(path, from!.Sha256, to!.Sha256, from.License, to.License)
                {
                    FormatFrom = from.Format, FormatTo = to.Format, OpennessFrom = from.Openness, OpennessTo = to.Openness,
                };
                if (!string.Equals(from.Sha256, to.Sha256, StringComparison.OrdinalIgnoreCase) || change.LicenseChanged || change.FormatChanged || change.OpennessChanged)
                {
                    changes.Changed.Add(change);
                }
            }
        }

        return changes;
    }

    /// <summary>Report base: fingerprints decide. A new finding with the rule and subject of a vanished one is "updated" (its facts changed).</summary>
    private static FindingChanges CompareFindings(IReadOnlyList<ReportFinding> before, IReadOnlyList<ReportFinding> after, Func<string, string> anchored)
    {
        var baseByFingerprint = before.GroupBy(f => FindingFingerprint.Of(f, anchored)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var currentFingerprints = after.Select(f => FindingFingerprint.Of(f, anchored)).ToList();
        var currentSet = currentFingerprints.ToHashSet(StringComparer.Ordinal);
        var vanished = baseByFingerprint.Where(kv => !currentSet.Contains(kv.Key)).Select(kv => kv.Value).ToList();

        var result = new FindingChanges { Unchanged = currentFingerprints.Count(baseByFingerprint.ContainsKey) };
        for (var i = 0; i < after.Count; i++)
        {
            var finding = after[i];
            if (baseByFingerprint.ContainsKey(currentFingerprints[i]))
            {
                result.States[finding] = "unchanged";
                continue;
            }

            var predecessor = vanished.FirstOrDefault(old => old.RuleId == finding.RuleId && SameSubject(old.Subject, finding.Subject, anchored));
            if (predecessor is not null)
            {
                vanished.Remove(predecessor);
            }

            result.States[finding] = predecessor is null ? "new" : "updated";
            result.New.Add(finding);
        }

        result.Fixed.AddRange(vanished);
        return result;
    }

    /// <summary>Lock base: a finding is the change's when it is about a package or model the change added or changed.</summary>
    private static FindingChanges AttributeFindings(IReadOnlyList<ReportFinding> findings, PackageChanges packages, ModelChanges models, Func<string, string> anchored)
    {
        var touched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        touched.UnionWith(packages.Added.Select(p => $"{p.Id}@{p.Version}"));
        touched.UnionWith(packages.Changed.Select(p => $"{p.Id}@{p.To}"));
        var touchedModels = models.Added.Select(m => m.Path).Concat(models.Changed.Select(m => m.Path)).ToHashSet(StringComparer.Ordinal);

        var states = new Dictionary<ReportFinding, string>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            states[finding] = touched.Contains(finding.Subject) || touchedModels.Contains(ModelPathOf(finding.Subject, anchored)) ? "new" : "unchanged";
        }

        return new FindingChanges
        {
            New = findings.Where(f => states[f] == "new").ToList(),
            Unchanged = states.Values.Count(state => state == "unchanged"),
            States = states,
        };
    }

    private static string ModelPathOf(string subject, Func<string, string> anchored) =>
        subject.Contains('@') || subject.Contains(':') && subject.IndexOf(':') != 1 ? subject : anchored(subject);

    private static bool SameSubject(string a, string b, Func<string, string> anchored) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || ModelPathOf(a, anchored) == ModelPathOf(b, anchored);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
