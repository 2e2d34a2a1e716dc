using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Facts;

namespace TrustCheck.Core.Facts;

/// <summary>
/// Writes the small facts file the Roslyn analyzers read through AdditionalFiles (declared/locked models, licenses,
/// policy severities). Cheap enough for design-time builds: reads the lock and the policy, never opens a model file.
/// </summary>
public static class AnalyzerFactsWriter
{
    /// <summary>Far above any real facts file (one line per declared model); only bounds the comparison read.</summary>
    private const long MaxFactsBytes = 16 * 1024 * 1024;

    /// <summary>Writes the facts for the project at <paramref name="options"/> to <paramref name="factsPath"/>; only rewrites when the content changed.</summary>
    /// <param name="isTestProject">$(IsTestProject): the analyzer rules get <see cref="TestProjectSeverities"/> unless the policy sets them.</param>
    public static void Write(string factsPath, CheckOptions options, bool isTestProject = false)
    {
        var content = AnalyzerFactsFormat.Write(Collect(options, isTestProject));
        var fullPath = Path.GetFullPath(factsPath);
        if (IsUnchanged(fullPath, content))
        {
            // Unchanged: keep the timestamp so incremental builds and the IDE see nothing new.
            return;
        }

        // Whole or not at all: the IDE's design-time build and a command-line build may write it at the same time.
        AtomicFile.WriteAllText(fullPath, content);
    }

    private static bool IsUnchanged(string fullPath, string content)
    {
        try
        {
            return File.Exists(fullPath)
                && string.Equals(RegularFile.ReadAllText(fullPath, MaxFactsBytes), content, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            // Unreadable, too large or not a regular file: replace it.
            return false;
        }
    }

    /// <summary>The facts for a project: its lock's models, its declared model items and its policy.</summary>
    public static AnalyzerFacts Collect(CheckOptions options, bool isTestProject = false)
    {
        var projectDirectory = TrustCheckEngine.ProjectDirectory(options)
            ?? Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var policy = LoadPolicy(options, projectDirectory);
        var lockPath = Path.GetFullPath(options.LockFilePath ?? Path.Combine(projectDirectory, TrustCheckLock.FileName));
        // An unreadable lock is the task's TC9002 to report; here it just means "nothing locked".
        var lockFile = LockFileStore.Read(lockPath).Lock;

        var facts = new AnalyzerFacts { ProjectDirectory = projectDirectory.Replace('\\', '/') };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lockDirectory = Path.GetDirectoryName(lockPath)!;
        foreach (var locked in lockFile?.Models ?? [])
        {
            var relative = RelativePath(projectDirectory, Path.Combine(lockDirectory, locked.Path));
            if (seen.Add(relative))
            {
                facts.Models.Add(LockedFact(relative, locked, policy));
            }
        }

        foreach (var declared in options.ModelPaths)
        {
            var relative = RelativePath(projectDirectory, Path.Combine(projectDirectory, declared));
            if (seen.Add(relative))
            {
                facts.Models.Add(new AnalyzerModelFact { Path = relative, State = AnalyzerModelFact.Declared });
            }
        }

        facts.Models.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        facts.References.AddRange(RemoteReferenceFacts.Collect(options.ModelReferences, lockFile, policy));
        facts.DeniedLicenses.AddRange(policy.Licenses.Deny);
        facts.AllowedLicenses.AddRange(policy.Licenses.Allow);
        // The policy's severities beat the test-project defaults; .editorconfig beats both (the compiler applies it last).
        var severities = new Dictionary<string, Rules.RuleSeverity>(StringComparer.OrdinalIgnoreCase);
        if (isTestProject)
        {
            foreach (var rule in TestProjectSeverities.All)
            {
                severities[rule.Key] = rule.Value;
            }
        }

        foreach (var rule in policy.Rules)
        {
            severities[rule.Key] = rule.Value;
        }

        foreach (var rule in severities.Where(r => r.Key.StartsWith("TC4", StringComparison.OrdinalIgnoreCase))
                     .OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            facts.RuleSeverities[rule.Key.ToUpperInvariant()] = Rules.RuleSeverityNames.ToName(rule.Value);
        }

        return facts;
    }

    private static AnalyzerModelFact LockedFact(string relativePath, LockedModel locked, TrustCheckPolicy policy)
    {
        var license = locked.License ?? "";
        var catalogEntry = license.Length == 0 ? null : AiLicenseCatalog.Find(license);
        return new AnalyzerModelFact
        {
            Path = relativePath,
            State = AnalyzerModelFact.Locked,
            Sha256 = locked.Sha256,
            Format = locked.Format ?? "",
            License = license,
            Restrictions = catalogEntry?.Restrictions.ToList() ?? [],
            Openness = Openness(catalogEntry),
            Policy = PolicyVerdict(license, policy),
            Source = locked.Source ?? "",
            Revision = locked.Revision ?? "",
        };
    }

    internal static string Openness(AiLicense? license) => license switch
    {
        null => "",
        { MeetsOsaid: true } => "open-source",
        { Restrictions.Count: > 0 } => "open-weights",
        _ => "unknown",
    };

    internal static string PolicyVerdict(string license, TrustCheckPolicy policy) =>
        LicensePolicyEvaluator.Evaluate(license.Length == 0 ? null : license, policy.Licenses).Decision switch
        {
            LicenseDecision.Denied or LicenseDecision.NotAllowed => "denied",
            LicenseDecision.Allowed => "allowed",
            _ => "unknown",
        };

    private static TrustCheckPolicy LoadPolicy(CheckOptions options, string projectDirectory)
    {
        var policyPath = options.PolicyPath ?? PolicyLoader.FindNearest(projectDirectory);
        if (policyPath is null || !File.Exists(policyPath))
        {
            return TrustCheckPolicy.Default;
        }

        // An invalid policy is the task's TC9001 to report; the analyzers then run on defaults.
        var result = PolicyLoader.Load(policyPath);
        return result.IsValid ? result.Policy : TrustCheckPolicy.Default;
    }

    private static string RelativePath(string projectDirectory, string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(projectDirectory, full);
        return (Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }
}
