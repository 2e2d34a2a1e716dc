using System.Collections.Concurrent;
using TrustCheck.Core.Models;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Projects;

/// <summary>
/// Checks every project of a <see cref="ProjectSet"/> the way one project is checked (its own policy, lock, findings
/// pointed at its own declaration lines), with the reads shared, then merges: one packages[] entry per id@version with
/// the projects that resolve it, one models[] entry per path, each finding tagged with its project.
/// </summary>
internal static class ProjectSetCheck
{
    public static Report Run(CheckOptions template, ProjectSet set, bool writeLock)
    {
        // Each project's TrustCheckModelReference items (read from its XML, as for one project) beside the CLI's --reference.
        var references = set.Projects.Select(p => template.ModelReferences.Concat(Remote.DeclaredReferences.Read(p)).Distinct(StringComparer.Ordinal).ToList()).ToList();
        // Store blobs are big and rarely change: with references, their hashes are kept in the user's cache folder, as for one project.
        var hashCachePath = template.HashCachePath ?? (template.UseCaches && references.Any(r => r.Count > 0) ? Remote.StoreHashCache.DefaultPath() : null);
        var shared = template.Shared ?? new SharedReads(HashCache.Open(hashCachePath));
        var policies = new ConcurrentDictionary<string, PolicyLoadResult>(StringComparer.Ordinal);
        var locks = new ConcurrentDictionary<string, LockLoadResult>(StringComparer.Ordinal);
        // Projects are independent apart from the shared reads (thread-safe, each read done once), so they run in
        // parallel; most of a project's own cost is parsing its project.assets.json. Results keep the set's order.
        var contexts = new CheckContext[set.Projects.Count];
        var located = new IReadOnlyList<Finding>[set.Projects.Count];
        Parallel.For(0, contexts.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            var options = ForProject(template, set.Projects[i], shared, writeLock ? set.LockFilePath : null, set);
            options.ModelReferences = references[i];
            var context = TrustCheckEngine.CreateContext(options, path => policies.GetOrAdd(path, PolicyLoader.Load), path => locks.GetOrAdd(path, LockFileStore.Read));
            TrustCheckEngine.RunStages(context, online: !options.Offline && !writeLock);
            located[i] = TrustCheckEngine.LocatedFindings(context);
            contexts[i] = context;
        });
        var runs = contexts.ToList();

        SaveHashes(shared.Hashes);
        var extra = new FindingCollector(runs.FirstOrDefault()?.Policy.Rules);
        if (writeLock)
        {
            WriteLock(set.LockFilePath, runs);
        }
        else
        {
            ReportUnusedLockEntries(set, runs, extra);
        }

        return Merge(set, runs, located, extra, template);
    }

    private static CheckOptions ForProject(CheckOptions template, string project, SharedReads shared, string? lockPath, ProjectSet set) => new()
    {
        ProjectPath = project,
        PolicyPath = template.PolicyPath,
        Policy = template.Policy,
        // A project's own lock when it has one, else the nearest above it (the solution's); `lock` writes the set's one.
        LockFilePath = lockPath ?? template.LockFilePath ?? LockFileStore.FindNearest(Path.GetDirectoryName(project)!) ?? set.LockFilePath,
        ModelPaths = template.ModelPaths,
        DiscoverModelsInProject = template.DiscoverModelsInProject,
        Offline = template.Offline,
        OnlineCacheDirectory = template.OnlineCacheDirectory,
        OnlineCacheExpiry = template.OnlineCacheExpiry,
        OnlineTimeout = template.OnlineTimeout,
        Environment = template.Environment,
        UseCaches = template.UseCaches,
        HashCachePath = template.HashCachePath,
        WorkingDirectory = template.WorkingDirectory,
        Progress = template.Progress,
        RestoreOutputRequired = template.RestoreOutputRequired,
        Shared = shared,
    };

    private static void SaveHashes(HashCache hashes)
    {
        try
        {
            hashes.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; failing to write it must not fail the check.
        }
    }

    /// <summary>One lock for the whole set: packages by id@version, models by path relative to the lock (existing source/revision kept per entry).</summary>
    private static void WriteLock(string lockPath, List<CheckContext> runs)
    {
        var lockFile = new TrustCheckLock
        {
            Packages = runs.SelectMany(PackageCheckLockEntries)
                .GroupBy(p => $"{p.Id}@{p.Version}", StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList(),
            Models = runs.SelectMany(ModelCheck.CreateLockEntries)
                .GroupBy(m => m.Path, ModelDiscovery.PathComparer).Select(g => g.First()).ToList(),
            // One entry per reference, however many projects declare it.
            References = runs.SelectMany(r => r.RemoteModels)
                .GroupBy(r => r.Reference, StringComparer.Ordinal).Select(g => g.First()).ToList(),
        };
        LockFileStore.Write(lockPath, lockFile);
    }

    private static IEnumerable<LockedPackage> PackageCheckLockEntries(CheckContext context) => Inventory.PackageCheck.CreateLockEntries(context);

    /// <summary>
    /// TC9007 for the locks this run covers completely: the one at the set's root (all its projects), and a project's own
    /// lock beside it. A lock further up may also serve projects outside the set, so its other entries are not reported.
    /// </summary>
    private static void ReportUnusedLockEntries(ProjectSet set, List<CheckContext> runs, FindingCollector findings)
    {
        foreach (var group in runs.Where(r => r.Lock is not null).GroupBy(r => r.LockFilePath, StringComparer.Ordinal))
        {
            var lockDirectory = Path.GetDirectoryName(group.Key)!;
            var owned = SamePath(lockDirectory, set.RootDirectory)
                || group.All(r => TrustCheckEngine.ProjectDirectory(r.Options) is { } d && SamePath(lockDirectory, d));
            if (!owned)
            {
                continue;
            }

            var first = group.First();
            UnusedLockEntries.Report(findings, first.DisplayPath, group.Key, first.Lock!,
                group.SelectMany(r => r.Packages).Select(p => $"{p.Id}@{p.Version}"),
                group.SelectMany(r => r.ModelFiles.Select(f => ModelLock.KeyOf(r, f.File.FullPath))));
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static Report Merge(ProjectSet set, List<CheckContext> runs, IReadOnlyList<Finding>[] located, FindingCollector extra, CheckOptions template)
    {
        var workingDirectory = Path.GetFullPath(template.WorkingDirectory ?? Directory.GetCurrentDirectory());
        string Shown(string path) => Display(workingDirectory, path);

        var projects = runs.Select(r => ProjectInfoOf(r, Shown)).ToList();
        var findings = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var finding in located[i])
            {
                var tagged = finding.Data?.ContainsKey("project") == true ? finding : finding with { Data = WithProject(finding.Data, projects[i].Path) };
                // The same policy or lock problem reached through several projects is one finding.
                if (seen.Add(Key(tagged)))
                {
                    findings.Add(tagged);
                }
            }
        }

        findings.AddRange(extra.Findings);
        IReadOnlyList<Finding> all = findings;
        if (!template.IgnoreBaseline)
        {
            // One baseline for the set (the nearest up from its root); entries of projects outside the set are not judged.
            all = TrustCheckEngine.ApplyBaseline(TrustCheckEngine.BaselinePathFor(template, set), findings, template, extra.SeverityOf, Shown,
                set.Projects.Select(Path.GetFullPath).ToList());
        }

        var root = set.SolutionPath is { } solution
            ? new ProjectInfo(Shown(solution), Path.GetFileNameWithoutExtension(solution))
            : new ProjectInfo(Shown(set.RootDirectory), Path.GetFileName(Path.TrimEndingDirectorySeparator(set.RootDirectory)));
        var report = ReportBuilder.Build(all, MergePackages(runs, projects), MergeModels(runs), root);
        return new Report { Project = report.Project, Projects = projects, Findings = report.Findings, Packages = report.Packages, Models = report.Models };
    }

    private static ProjectInfo ProjectInfoOf(CheckContext context, Func<string, string> shown)
    {
        var path = Path.GetFullPath(context.Options.ProjectPath!);
        return new ProjectInfo(shown(path), Path.GetFileNameWithoutExtension(path))
        {
            References = context.ProjectReferences.Count == 0 ? null : context.ProjectReferences.Select(shown).ToList(),
        };
    }

    /// <summary>One entry per id@version: facts from the first project (they come from the same package folder), uses from all.</summary>
    private static List<PackageReport> MergePackages(List<CheckContext> runs, List<ProjectInfo> projects)
    {
        var merged = new Dictionary<string, PackageReport>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var package in runs[i].Packages)
            {
                var key = $"{package.Id}@{package.Version}";
                if (!merged.TryGetValue(key, out var entry))
                {
                    merged[key] = entry = CopyFacts(package);
                }

                entry.Direct |= package.Direct;
                entry.TargetFrameworks = entry.TargetFrameworks.Union(package.TargetFrameworks, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                entry.Dependencies = entry.Dependencies.Union(package.Dependencies, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                entry.Online ??= package.Online;
                entry.Projects!.Add(new PackageProjectReport
                {
                    Path = projects[i].Path,
                    Name = projects[i].Name,
                    Direct = package.Direct,
                    TargetFrameworks = package.TargetFrameworks.ToList(),
                });
            }
        }

        foreach (var entry in merged.Values)
        {
            entry.Projects = entry.Projects!.OrderBy(p => p.Path, StringComparer.Ordinal).ToList();
        }

        return merged.Values.ToList();
    }

    private static PackageReport CopyFacts(PackageReport package) => new()
    {
        Id = package.Id,
        Version = package.Version,
        Ml = package.Ml,
        License = package.License,
        Repository = package.Repository,
        ProjectUrl = package.ProjectUrl,
        Authors = package.Authors,
        Signature = package.Signature,
        ContentHash = package.ContentHash,
        Source = package.Source,
        Projects = new List<PackageProjectReport>(),
    };

    private static IEnumerable<ModelReport> MergeModels(List<CheckContext> runs) =>
        runs.SelectMany(r => r.Models).GroupBy(m => m.Path, StringComparer.Ordinal).Select(g => g.First());

    private static IReadOnlyDictionary<string, string> WithProject(IReadOnlyDictionary<string, string>? data, string project)
    {
        var copy = data is null ? new Dictionary<string, string>(StringComparer.Ordinal) : data.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        copy["project"] = project;
        return copy;
    }

    /// <summary>Policy (TC9001) and lock (TC9002) problems do not depend on the project that read the file.</summary>
    private static string Key(Finding finding)
    {
        var project = finding.RuleId is TrustCheck.Rules.RuleIds.PolicyInvalid or TrustCheck.Rules.RuleIds.LockInvalid ? "" : finding.Data?.GetValueOrDefault("project");
        return string.Join("\u001f", finding.RuleId, finding.Subject, finding.Message, finding.Location?.Path, finding.Location?.Line, project);
    }

    private static string Display(string workingDirectory, string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(workingDirectory, full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return shown.Replace('\\', '/');
    }
}
