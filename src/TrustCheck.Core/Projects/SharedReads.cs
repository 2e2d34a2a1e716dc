using System.Collections.Concurrent;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Projects;

/// <summary>
/// What several checks in one process read only once: package folders (keyed by install path) and model files (one
/// inspection and one hash per file). Package facts depend only on the folder; a model inspection depends only on the file
/// and the model it belongs to, so its findings are recorded at default severity and replayed into each project's own
/// collector, where that project's policy sets the severity.
/// </summary>
public sealed class SharedReads
{
    private readonly ConcurrentDictionary<string, Lazy<PackageFacts>> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string File, string Unit, bool IsFolder, bool KeepUnknown), Lazy<RecordedInspection>> _models = new();
    private int _packageReads;
    private int _modelReads;

    public SharedReads(HashCache hashes)
    {
        Hashes = hashes;
    }

    /// <summary>One hash cache for every project of the run.</summary>
    public HashCache Hashes { get; }

    /// <summary>How many package folders were actually read (for tests and benchmarks).</summary>
    public int PackageFolderReads => _packageReads;

    /// <summary>How many model files were actually inspected.</summary>
    public int ModelFileReads => _modelReads;

    internal PackageFacts Package(string installPath, Func<PackageFacts> read) =>
        _packages.GetOrAdd(installPath, _ => new Lazy<PackageFacts>(() =>
        {
            Interlocked.Increment(ref _packageReads);
            return read();
        })).Value;

    /// <summary>The file's inspection, done once; its findings are added to <paramref name="context"/> on every call.</summary>
    internal InspectedModelFile? Model(string file, ModelUnit unit, CheckContext context, Func<CheckContext, InspectedModelFile?> inspect)
    {
        var recorded = _models.GetOrAdd((file, unit.Path, unit.IsFolder, unit.KeepUnknown), _ => new Lazy<RecordedInspection>(() =>
        {
            Interlocked.Increment(ref _modelReads);
            // No severity overrides here: the replay below applies each project's own policy.
            var scratch = new CheckContext(context.Options, context.Policy, context.Lock, context.LockFilePath, new FindingCollector());
            var result = inspect(scratch);
            return new RecordedInspection(result, scratch.Findings.Findings);
        })).Value;

        foreach (var finding in recorded.Findings)
        {
            context.Findings.Add(finding.RuleId, finding.Subject, finding.Message, finding.Location, finding.Data, finding.Severity);
        }

        return recorded.File;
    }

    private sealed record RecordedInspection(InspectedModelFile? File, IReadOnlyList<Finding> Findings);
}
