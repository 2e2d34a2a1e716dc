using TrustCheck.Core.Baselines;
using TrustCheck.Core.Declarations;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Models;
using TrustCheck.Core.Online;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core;

/// <summary>The one entry point every front door calls. Never throws for bad input: problems become findings.</summary>
public static class TrustCheckEngine
{
    /// <summary>Packages (when a project is given) and models.</summary>
    public static Report Check(CheckOptions options)
    {
        Provenance.HashPrefetch.StartForExplicitFiles(options);
        var context = CreateContext(options);
        RunStages(context, online: !options.Offline);
        ReportUnusedLockEntries(context);
        return BuildReport(context, applyBaseline: !options.IgnoreBaseline);
    }

    /// <summary>Every project of a solution or folder: one report, packages deduplicated, each package folder and model file read once.</summary>
    public static Report Check(CheckOptions options, Projects.ProjectSet projects) => Projects.ProjectSetCheck.Run(options, projects, writeLock: false);

    /// <summary>As <see cref="Check(CheckOptions, Projects.ProjectSet)"/>, then writes one trustcheck.lock.json at the set's root for all projects.</summary>
    public static Report Lock(CheckOptions options, Projects.ProjectSet projects) => Projects.ProjectSetCheck.Run(options, projects, writeLock: true);

    internal static void RunStages(CheckContext context, bool online)
    {
        RunStage(context, "packages", PackageCheck.Run);
        if (online)
        {
            RunStage(context, "online look-ups", OnlinePackageCheck.Run);
        }

        RunStage(context, "models", ModelCheck.Run);
    }

    /// <summary>TC9007 for a one-project check whose lock sits beside the project (a lock further up is shared with other projects).</summary>
    private static void ReportUnusedLockEntries(CheckContext context)
    {
        if (context.Lock is null || ProjectDirectory(context.Options) is not { } directory
            || !string.Equals(Path.GetDirectoryName(context.LockFilePath), directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            return;
        }

        UnusedLockEntries.Report(context.Findings, context.DisplayPath, context.LockFilePath, context.Lock,
            context.Packages.Select(p => $"{p.Id}@{p.Version}"), context.ModelFiles.Select(f => ModelLock.KeyOf(context, f.File.FullPath)));
    }

    /// <summary>Runs the check, then writes trustcheck.lock.json from what it saw. Returns the report of that run.</summary>
    public static Report Lock(CheckOptions options)
    {
        Provenance.HashPrefetch.StartForExplicitFiles(options);
        var context = CreateContext(options);
        RunStage(context, "packages", PackageCheck.Run);
        RunStage(context, "models", ModelCheck.Run);
        var lockFile = new TrustCheckLock
        {
            Packages = PackageCheck.CreateLockEntries(context).ToList(),
            Models = ModelCheck.CreateLockEntries(context).ToList(),
            References = context.RemoteModels.Count > 0 ? context.RemoteModels.ToList() : null,
        };
        MergeEntriesOfOtherProjects(context, lockFile);
        LockFileStore.Write(context.LockFilePath, lockFile);
        return BuildReport(context);
    }

    /// <summary>
    /// A lock above the project (a solution's) also holds the other projects' entries: this project's entries replace
    /// theirs by id@version and path, the rest stay. `trustcheck lock` of the solution rewrites it whole.
    /// </summary>
    private static void MergeEntriesOfOtherProjects(CheckContext context, TrustCheckLock lockFile)
    {
        if (context.Lock is not { } existing || ProjectDirectory(context.Options) is not { } directory
            || string.Equals(Path.GetDirectoryName(context.LockFilePath), directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            return;
        }

        var packages = lockFile.Packages.Select(p => $"{p.Id}@{p.Version}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        lockFile.Packages.AddRange(existing.Packages.Where(p => !packages.Contains($"{p.Id}@{p.Version}")));
        var models = lockFile.Models.Select(m => m.Path).ToHashSet(ModelDiscovery.PathComparer);
        lockFile.Models.AddRange(existing.Models.Where(m => !models.Contains(m.Path)));
        var references = (lockFile.References ?? []).Select(r => r.Reference).ToHashSet(StringComparer.Ordinal);
        var others = (existing.References ?? []).Where(r => !references.Contains(r.Reference)).ToList();
        if (others.Count > 0)
        {
            lockFile.References = [.. lockFile.References ?? [], .. others];
        }
    }

    /// <summary>The report of a finished run, findings pointed at the lines that declare their package or model.</summary>
    private static Report BuildReport(CheckContext context, bool applyBaseline = false)
    {
        var findings = LocatedFindings(context);
        if (applyBaseline)
        {
            findings = ApplyBaseline(context, findings);
        }

        return ReportBuilder.Build(findings, context.Packages, context.Models, ProjectOf(context));
    }

    /// <summary>The findings of a finished run, pointed at the lines that declare their package or model.</summary>
    internal static IReadOnlyList<Finding> LocatedFindings(CheckContext context)
    {
        IReadOnlyList<Finding> findings = context.Findings.Findings;
        try
        {
            findings = DeclarationLocator.Attach(context, findings);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Locations only add precision: the findings still stand where they were raised.
            context.Findings.Add(RuleIds.InternalError, "locations",
                $"Internal error while locating declarations: {ex.GetType().Name}: {ex.Message}. Findings point at the project file instead; please report this.");
            findings = context.Findings.Findings;
        }

        return findings;
    }

    /// <summary>The baseline a check with these options reads: the explicit one, else the nearest trustcheck.baseline.json up from the project folder.</summary>
    public static string? BaselinePathFor(CheckOptions options) =>
        options.BaselinePath is { } given ? Path.GetFullPath(given) : BaselineStore.FindNearest(BaseDirectory(options));

    /// <summary>Where `trustcheck baseline` writes: an existing baseline, else beside the lock file.</summary>
    public static string BaselineTargetFor(CheckOptions options) =>
        BaselinePathFor(options) ?? Path.Combine(Path.GetDirectoryName(LockPathFor(options))!, TrustCheckBaseline.FileName);

    /// <summary>A set's baseline: the explicit one, else the nearest trustcheck.baseline.json up from the set's root folder.</summary>
    public static string? BaselinePathFor(CheckOptions options, Projects.ProjectSet set) =>
        options.BaselinePath is { } given ? Path.GetFullPath(given) : BaselineStore.FindNearest(set.RootDirectory);

    /// <summary>Where `trustcheck baseline` writes for a set: an existing baseline, else beside the set's lock.</summary>
    public static string BaselineTargetFor(CheckOptions options, Projects.ProjectSet set) =>
        BaselinePathFor(options, set) ?? Path.Combine(set.RootDirectory, TrustCheckBaseline.FileName);

    private static IReadOnlyList<Finding> ApplyBaseline(CheckContext context, IReadOnlyList<Finding> findings)
    {
        var project = context.Options.ProjectPath is { } given && File.Exists(given) ? new[] { Path.GetFullPath(given) } : null;
        return ApplyBaseline(BaselinePathFor(context.Options), findings, context.Options, context.Findings.SeverityOf, context.DisplayPath, project);
    }

    /// <summary>Reads the baseline at <paramref name="path"/> (if any) and applies it; a set run passes its projects so other projects' entries are not judged.</summary>
    internal static IReadOnlyList<Finding> ApplyBaseline(string? path, IReadOnlyList<Finding> findings, CheckOptions options,
        Func<string, Rules.RuleSeverity> severityOf, Func<string, string> displayPath, IReadOnlyCollection<string>? coveredProjects)
    {
        if (path is null)
        {
            return findings;
        }

        var loaded = BaselineStore.Read(path);
        if (loaded.Problem is { } problem)
        {
            return [.. findings, problem];
        }

        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        return BaselineApplier.Apply(findings, loaded.Baseline!, path, workingDirectory, severityOf, displayPath, coveredProjects);
    }

    private static ProjectInfo? ProjectOf(CheckContext context)
    {
        if (DeclarationLocator.ProjectFile(context) is { } file)
        {
            return new ProjectInfo(context.DisplayPath(file), Path.GetFileNameWithoutExtension(file));
        }

        return ProjectDirectory(context.Options) is { } directory
            ? new ProjectInfo(context.DisplayPath(directory), Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)))
            : null;
    }

    public static CheckContext CreateContext(CheckOptions options) => CreateContext(options, PolicyLoader.Load, LockFileStore.Read);

    /// <summary>As <see cref="CreateContext(CheckOptions)"/>; a multi-project run passes loaders that read each policy and lock file once.</summary>
    internal static CheckContext CreateContext(CheckOptions options, Func<string, PolicyLoadResult> loadPolicy, Func<string, LockLoadResult> readLock)
    {
        var policyPath = PolicyPathFor(options);
        var policyResult = options.Policy is { } given ? new PolicyLoadResult(given, Array.Empty<Finding>())
            : policyPath is null ? new PolicyLoadResult(TrustCheckPolicy.Default, Array.Empty<Finding>())
            : loadPolicy(policyPath);

        var findings = new FindingCollector(policyResult.Policy.Rules);
        foreach (var problem in policyResult.Problems)
        {
            findings.Add(problem.RuleId, problem.Subject, problem.Message, problem.Location, problem.Data);
        }

        var lockPath = LockPathFor(options);
        var lockResult = readLock(lockPath);
        if (lockResult.Problem is { } lockProblem)
        {
            findings.Add(lockProblem.RuleId, lockProblem.Subject, lockProblem.Message, lockProblem.Location);
        }

        return new CheckContext(options, policyResult.Policy, lockResult.Lock, lockPath, findings);
    }

    /// <summary>
    /// The policy file a check with these options uses: the explicit one, else the nearest trustcheck.json up from the
    /// project (or working) folder; null = defaults, or an in-memory <see cref="CheckOptions.Policy"/>.
    /// </summary>
    public static string? PolicyPathFor(CheckOptions options) =>
        options.Policy is not null ? null : options.PolicyPath ?? PolicyLoader.FindNearest(BaseDirectory(options));

    /// <summary>The lock file a check with these options reads (it may not exist yet).</summary>
    /// <remarks>Default: the nearest trustcheck.lock.json up from the project (or working) folder, else a new one beside the project.</remarks>
    public static string LockPathFor(CheckOptions options) =>
        Path.GetFullPath(options.LockFilePath
            ?? LockFileStore.FindNearest(BaseDirectory(options))
            ?? Path.Combine(BaseDirectory(options), TrustCheckLock.FileName));

    private static string BaseDirectory(CheckOptions options) =>
        ProjectDirectory(options) ?? Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>Folder of the project (csproj → its folder; folder → itself); null when no project was given.</summary>
    public static string? ProjectDirectory(CheckOptions options)
    {
        if (options.ProjectPath is null)
        {
            return null;
        }

        var full = Path.GetFullPath(options.ProjectPath);
        return Directory.Exists(full) ? full : Path.GetDirectoryName(full);
    }

    /// <summary>A stage that crashes becomes one TC9004 finding; the other stage still runs.</summary>
    private static void RunStage(CheckContext context, string stage, Action<CheckContext> run)
    {
        try
        {
            run(context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Findings.Add(RuleIds.InternalError, stage,
                $"Internal error while checking {stage}: {ex.GetType().Name}: {ex.Message}. The other checks still ran; please report this.");
        }
    }
}
