using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Inventory;

/// <summary>Package stage: inventory from project.assets.json, facts per package, license and provenance rules.</summary>
public static class PackageCheck
{
    public static void Run(CheckContext context)
    {
        var projectDirectory = TrustCheckEngine.ProjectDirectory(context.Options);
        if (projectDirectory is null)
        {
            return; // A model-only scan.
        }

        var projectPath = context.Options.ProjectPath is { } p && File.Exists(p) ? Path.GetFullPath(p) : projectDirectory;
        var projectSubject = context.DisplayPath(projectPath);
        var assetsPath = Path.GetFullPath(context.Options.AssetsFilePath ?? Path.Combine(projectDirectory, "obj", "project.assets.json"));
        // Where restore output is required (the CLI), a check without it is incomplete: an error, never a pass.
        RuleSeverity? missingSeverity = context.Options.RestoreOutputRequired ? RuleSeverity.Error : null;
        if (context.Options.ProjectPath is { } given && given.EndsWith("proj", StringComparison.OrdinalIgnoreCase) && !File.Exists(given) && !Directory.Exists(given))
        {
            projectSubject = context.DisplayPath(given);
            context.Findings.Add(RuleIds.RestoreOutputMissing, projectSubject,
                $"{projectSubject} does not exist, so its packages could not be checked. Fix or remove the project entry in the solution.",
                new FindingLocation(projectSubject), severity: missingSeverity);
            return;
        }

        if (!File.Exists(assetsPath))
        {
            context.Findings.Add(RuleIds.RestoreOutputMissing, projectSubject,
                $"{context.DisplayPath(assetsPath)} is missing, so the packages of {projectSubject} could not be checked. Run 'dotnet restore' first (the CLI does this unless --no-restore is given).",
                new FindingLocation(context.DisplayPath(assetsPath)), severity: missingSeverity);
            return;
        }

        ProjectAssets assets;
        try
        {
            assets = ProjectAssetsCache.Read(assetsPath, context.Options.UseCaches ? context.Options.AssetsCachePath : null);
        }
        catch (InvalidDataException ex)
        {
            context.Findings.Add(RuleIds.RestoreOutputMissing, projectSubject,
                $"{context.DisplayPath(assetsPath)} could not be read ({ex.Message}), so the packages of {projectSubject} could not be checked. Run 'dotnet restore' to write it again.",
                new FindingLocation(context.DisplayPath(assetsPath)), severity: missingSeverity);
            return;
        }

        var location = new FindingLocation(context.DisplayPath(projectPath));
        ReportRestoreErrors(context, assets, projectSubject, location);
        context.ProjectReferences.AddRange(assets.ProjectReferences);
        var facts = ReadFacts(assets, context.Options.Shared, context.Options.UseCaches, context.Options.PackageFolderScope);
        var rules = new PackageRules(context, location);
        for (var i = 0; i < assets.Packages.Count; i++)
        {
            var package = assets.Packages[i];
            if (facts[i] is not { } packageFacts)
            {
                context.Findings.Add(RuleIds.RestoreOutputMissing, package.Subject,
                    $"{package.Subject} is in project.assets.json but not in any package folder ({string.Join(", ", assets.PackageFolders)}), so its license and signature could not be checked. Run 'dotnet restore'.",
                    location);
                context.Packages.Add(CreateReport(package, new PackageFacts()));
                continue;
            }

            var report = CreateReport(package, packageFacts);
            if (!IsTrustCheckItself(package.Id))
            {
                rules.Evaluate(package, packageFacts, report);
            }

            context.Packages.Add(report);
        }
    }

    /// <summary>Lock entries for the packages seen in <paramref name="context"/> (after <see cref="Run"/>).</summary>
    public static IEnumerable<LockedPackage> CreateLockEntries(CheckContext context) =>
        context.Packages.Select(p => new LockedPackage
        {
            Id = p.Id,
            Version = p.Version,
            License = p.License.Expression,
            LicenseKind = p.License.Kind,
            ContentHash = p.ContentHash,
        });

    /// <summary>
    /// Reads every package folder; null = folder not found. Facts the node already holds are taken in one pass (a stat
    /// each); only the folders still to read run in parallel, since they are independent file I/O. A warm node, where
    /// every package is cached, so starts no parallel loop (its thread wake-ups cost more CPU than the look-ups).
    /// </summary>
    private static PackageFacts?[] ReadFacts(ProjectAssets assets, Projects.SharedReads? shared, bool useCache, PackageFolderScope? build)
    {
        var facts = new PackageFacts?[assets.Packages.Count];
        var installPaths = new string?[facts.Length];
        var toRead = new List<int>();
        // The build scope only serves a check that may use caches and is not part of a solution run (which shares its own reads).
        build = shared is null && useCache ? build : null;
        var folders = build is null ? "" : string.Join('\n', assets.PackageFolders);
        for (var i = 0; i < facts.Length; i++)
        {
            var package = assets.Packages[i];
            if (build is not null && build.TryGet(folders, package.Subject, out var seenPath, out var seenFacts))
            {
                (installPaths[i], facts[i]) = (seenPath, seenFacts);
                continue;
            }

            installPaths[i] = PackageFolderReader.FindInstallPath(assets.PackageFolders, package.Id, package.Version);
            if (installPaths[i] is not { } installPath)
            {
                continue;
            }

            if (shared is null && useCache && PackageFactsCache.TryGet(installPath, out var cached))
            {
                facts[i] = cached;
                build?.Remember(folders, package.Subject, installPath, cached);
            }
            else
            {
                toRead.Add(i);
            }
        }

        if (toRead.Count > 0)
        {
            Parallel.For(0, toRead.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, j =>
            {
                var i = toRead[j];
                var package = assets.Packages[i];
                var installPath = installPaths[i]!;
                var read = shared is null ? ReadOne(installPath, package, useCache)
                    : shared.Package(installPath, () => ReadOne(installPath, package, useCache));
                facts[i] = read;
                build?.Remember(folders, package.Subject, installPath, read);
            });
        }

        return facts;
    }

    /// <summary>TrustCheck's own package is a build tool the user chose on purpose: no findings about it.</summary>
    private static bool IsTrustCheckItself(string id) => string.Equals(id, "TrustCheck", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// TC9006 for each error restore logged into the assets file: a package that did not resolve is missing from the graph,
    /// so none of its (and its dependencies') facts were checked. Several frameworks failing on one package are one finding.
    /// </summary>
    private static void ReportRestoreErrors(CheckContext context, ProjectAssets assets, string projectSubject, FindingLocation location)
    {
        foreach (var group in assets.RestoreErrors.GroupBy(e => (e.Code, e.LibraryId?.ToUpperInvariant(), e.Message)))
        {
            var error = group.First();
            var frameworks = group.SelectMany(e => e.TargetGraphs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var package = error.LibraryId is { } id ? (error.RequestedRange is { } range ? $"{id} {range}" : id) : null;
            var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["code"] = error.Code, ["project"] = projectSubject };
            if (error.LibraryId is { } libraryId)
            {
                data["package"] = libraryId;
            }

            if (error.RequestedRange is { } requested)
            {
                data["requestedRange"] = requested;
            }

            var what = package is null ? $"restore of {projectSubject} failed" : $"{package} did not resolve in {projectSubject}";
            var where = frameworks.Count > 0 ? $" (for {string.Join(", ", frameworks)})" : "";
            context.Findings.Add(RuleIds.RestoreFailed, error.LibraryId ?? projectSubject,
                $"{what}{where}: {error.Code}: {error.Message.TrimEnd('.')}. The package graph is incomplete, so what it would bring in was not checked. "
                + "Fix the reference or the package source and restore again.",
                location, data);
        }
    }

    private static PackageFacts ReadOne(string installPath, ResolvedPackage package, bool useCache)
    {
        try
        {
            return useCache
                ? PackageFactsCache.GetOrRead(installPath, () => PackageFolderReader.Read(installPath, package.Id, package.Version))
                : PackageFolderReader.Read(installPath, package.Id, package.Version);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var facts = new PackageFacts { InstallPath = installPath };
            facts.Problems.Add($"reading {installPath} failed ({ex.GetType().Name}: {ex.Message.Split('\n')[0]}); its other checks were skipped.");
            return facts;
        }
    }

    private static PackageReport CreateReport(ResolvedPackage package, PackageFacts facts) => new()
    {
        Id = package.Id,
        Version = package.Version.ToNormalizedString(),
        Direct = package.Direct,
        Ml = MlPackageCatalog.IsMlPackage(package.Id),
        TargetFrameworks = package.TargetFrameworks.ToList(),
        License = facts.License,
        Repository = facts.Repository,
        ProjectUrl = facts.ProjectUrl,
        Authors = facts.Authors,
        Signature = facts.Signature,
        ContentHash = facts.ContentHash,
        Source = facts.Source,
        Dependencies = package.Dependencies.ToList(),
    };
}
