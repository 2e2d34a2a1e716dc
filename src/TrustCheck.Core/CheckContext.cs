using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core;

/// <summary>State of one run, shared by the package and model stages.</summary>
public sealed class CheckContext
{
    public CheckContext(CheckOptions options, TrustCheckPolicy policy, TrustCheckLock? lockFile, string lockFilePath, FindingCollector findings)
    {
        Options = options;
        Policy = policy;
        Lock = lockFile;
        LockFilePath = lockFilePath;
        Findings = findings;
        WorkingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        Hashing = options.Progress is null ? null : new HashingProgress(options.Progress);
    }

    public CheckOptions Options { get; }
    public TrustCheckPolicy Policy { get; }
    /// <summary>The lock read from disk, or null when there is none yet.</summary>
    public TrustCheckLock? Lock { get; }
    public string LockFilePath { get; }
    public FindingCollector Findings { get; }
    public string WorkingDirectory { get; }
    public List<PackageReport> Packages { get; } = new();
    public List<ModelReport> Models { get; } = new();
    /// <summary>Status texts for long hashing (<see cref="CheckOptions.Progress"/>); null when nobody listens.</summary>
    public HashingProgress? Hashing { get; }

    /// <summary>Package stage: full paths of the projects this project references (from its restore output).</summary>
    internal List<string> ProjectReferences { get; } = new();

    /// <summary>Model stage: every inspected file with its model's license, for the lock entries (one per file).</summary>
    internal List<(Models.InspectedModelFile File, string? License)> ModelFiles { get; } = new();

    /// <summary>Model stage: every remote model seen (resolved in a store, or carried over from the lock), for the lock's references.</summary>
    internal List<LockedReference> RemoteModels { get; } = new();

    /// <summary>Path as shown in reports: relative to the working directory when under it, else absolute; forward slashes.</summary>
    public string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(WorkingDirectory, full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return shown.Replace('\\', '/');
    }
}
