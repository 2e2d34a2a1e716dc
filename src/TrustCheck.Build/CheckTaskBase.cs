using Microsoft.Build.Framework;
using TrustCheck.Core;
using TrustCheck.Core.Facts;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Build;

/// <summary>
/// Parameters both TrustCheck tasks share, and how they become <see cref="CheckOptions"/>. The tasks stay thin:
/// MSBuild items and properties in, the engine decides everything.
/// </summary>
/// <remarks>
/// Dependency isolation: on .NET, MSBuild loads this assembly into its own MSBuildLoadContext, which resolves
/// TrustCheck.Core and NuGet.* from the package's tasks/net10.0 folder (through TrustCheck.Build.deps.json) before
/// falling back to the SDK's copies, so our NuGet version never has to match the SDK's. The end-to-end tests check
/// where NuGet.Packaging was loaded from (see <see cref="DependencyIsolation"/>).
/// </remarks>
public abstract class CheckTaskBase : Microsoft.Build.Utilities.Task
{
    /// <summary>$(MSBuildProjectFullPath).</summary>
    [Required]
    public string ProjectPath { get; set; } = "";

    /// <summary>$(ProjectAssetsFile); empty means obj/project.assets.json beside the project.</summary>
    public string? ProjectAssetsFile { get; set; }

    /// <summary>$(IntermediateOutputPath)trustcheck.assets.cache: what the check needs from the assets file, until restore rewrites it.</summary>
    public string? AssetsCachePath { get; set; }

    /// <summary>$(TrustCheckPolicy); empty means the nearest trustcheck.json up the folder tree.</summary>
    public string? PolicyPath { get; set; }

    /// <summary>$(TrustCheckLockFile).</summary>
    public string? LockFilePath { get; set; }

    /// <summary>TrustCheckModel items plus None/Content/EmbeddedResource items with a model extension.</summary>
    public ITaskItem[] ModelFiles { get; set; } = [];

    /// <summary>TrustCheckModelReference items: remote models (<c>ollama:…</c>, <c>hf:…</c>) resolved in this machine's stores.</summary>
    public ITaskItem[] ModelReferences { get; set; } = [];

    /// <summary>Where the engine keeps its (path, size, mtime) → sha256 cache; typically in obj/.</summary>
    public string? HashCachePath { get; set; }

    /// <summary>Base for relative paths in the report; empty means the project folder.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>$(IntermediateOutputPath)trustcheck.facts.txt (AnalyzerFactsFormat.FileName); empty: no facts file.</summary>
    public string? FactsPath { get; set; }

    /// <summary>The facts target's stamp, written after the facts file (its name carries the digest of the inputs).</summary>
    public string? FactsStampPath { get; set; }

    /// <summary>$(IsTestProject): test projects get their own default severities for the analyzer rules (info).</summary>
    public bool IsTestProject { get; set; }

    /// <summary>The project folder unless <see cref="WorkingDirectory"/> says otherwise.</summary>
    protected string EffectiveWorkingDirectory =>
        Path.GetFullPath(NullIfEmpty(WorkingDirectory) ?? Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!);

    protected CheckOptions CreateOptions(bool offline)
    {
        var options = new CheckOptions
        {
            ProjectPath = Path.GetFullPath(ProjectPath),
            AssetsFilePath = FullPathOrNull(ProjectAssetsFile),
            AssetsCachePath = FullPathOrNull(AssetsCachePath),
            PackageFolderScope = PackageFolderScopeOfThisBuild(),
            PolicyPath = FullPathOrNull(PolicyPath),
            LockFilePath = FullPathOrNull(LockFilePath),
            Offline = offline,
            HashCachePath = FullPathOrNull(HashCachePath),
            WorkingDirectory = EffectiveWorkingDirectory,
            // MSBuild already says which files are models; walking the project folder is the CLI's job.
            DiscoverModelsInProject = false,
        };

        var comparer = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var seen = new HashSet<string>(comparer);
        foreach (var item in ModelFiles)
        {
            var fullPath = item.GetMetadata("FullPath");
            if (fullPath.Length > 0 && seen.Add(fullPath))
            {
                options.ModelPaths.Add(fullPath);
            }
        }

        options.ModelReferences.AddRange(ModelReferences.Select(r => r.ItemSpec.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal));
        return options;
    }

    /// <summary>
    /// One <see cref="PackageFolderScope"/> per build and node, kept by MSBuild until the build ends; the key names this
    /// assembly's location, so two TrustCheck versions in one build never share (or mistake) each other's object.
    /// </summary>
    private PackageFolderScope? PackageFolderScopeOfThisBuild()
    {
        if (BuildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        var key = $"TrustCheck.PackageFolderScope|{typeof(PackageFolderScope).Assembly.Location}";
        if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is PackageFolderScope scope)
        {
            return scope;
        }

        scope = new PackageFolderScope();
        engine.RegisterTaskObject(key, scope, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        return scope;
    }

    /// <summary>
    /// Writes the facts file the analyzers read, then its stamp. Never fails the build: a read-only or full obj/ is a
    /// TC9005 warning (the analyzers then say TC4005 themselves), anything else a TC9004 warning.
    /// </summary>
    protected void WriteFacts(CheckOptions options)
    {
        if (NullIfEmpty(FactsPath) is not { } factsPath)
        {
            return;
        }

        try
        {
            AnalyzerFactsWriter.Write(Path.GetFullPath(factsPath), options, IsTestProject);
            WriteStamp(FactsStampPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WarnAboutFacts(RuleIds.BuildStateNotWritten,
                $"TrustCheck could not write the analyzer facts file {factsPath}: {ex.Message} The analyzers run without facts (TC4005) until it can be written; make the folder writable.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A design-time build that fails leaves the IDE without IntelliSense: report, don't break.
            WarnAboutFacts(RuleIds.InternalError,
                $"TrustCheck could not write the analyzer facts file {factsPath}: {ex.GetType().Name}: {ex.Message}. The analyzers run without facts; please report this.");
        }
    }

    /// <summary>
    /// Marks a target done, as MSBuild's Touch would: an existing file only gets a new time (never opened, so a FIFO in
    /// its place cannot block), a missing one is created empty. A stamp that cannot be written only means the target
    /// runs again next build; the report or facts file it goes with already said why (TC9005).
    /// </summary>
    protected void WriteStamp(string? path)
    {
        if (NullIfEmpty(path) is not { } stamp)
        {
            return;
        }

        try
        {
            var fullPath = Path.GetFullPath(stamp);
            if (File.Exists(fullPath))
            {
                File.SetLastWriteTimeUtc(fullPath, DateTime.UtcNow);
            }
            else
            {
                File.WriteAllBytes(fullPath, []);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, $"TrustCheck could not write its stamp {stamp}: {ex.Message}");
        }
    }

    private void WarnAboutFacts(string ruleId, string message) =>
        new FindingLogger(Log, ProjectPath, EffectiveWorkingDirectory, WarningPromotion.None).Log(new ReportFinding
        {
            RuleId = ruleId,
            Severity = "warning",
            Message = message,
            Subject = ProjectPath,
        });

    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? FullPathOrNull(string? value) => NullIfEmpty(value) is { } path ? Path.GetFullPath(path) : null;
}
