using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>
/// TC3016: a model file inside the project (or the scanned folder) that is a link to somewhere outside it. What the
/// repository shows is the link; what is built is whatever sits at the target on this machine.
/// </summary>
internal static class ModelLinkBoundary
{
    public static void Check(CheckContext context, IEnumerable<ModelUnit> units, string boundary, string boundaryName)
    {
        var comparison = ModelDiscovery.PathComparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (RealPath.Resolve(boundary) is not { } realBoundary)
        {
            return;
        }

        foreach (var unit in units)
        {
            foreach (var file in unit.Files)
            {
                // Loops and dangling links are TC3013 (never read); only a link that leads to a real file is this rule.
                if (FileKindProbe.Probe(file) != FileKind.Regular
                    || RealPath.Resolve(file) is not { } target
                    || RealPath.IsUnder(target, realBoundary, comparison)
                    || target.Equals(file, comparison)
                    || IsHuggingFaceCacheBlob(file, target, comparison))
                {
                    continue;
                }

                var shown = context.DisplayPath(file);
                context.Findings.Add(RuleIds.ModelLinkOutside, context.DisplayPath(unit.Path),
                    $"{shown}: is a link to {target}, outside the {boundaryName} {boundary}; what is built is not what the repository reviews. "
                    + "Copy the model into the project, or lock it ('trustcheck lock') so a different target fails.",
                    new FindingLocation(shown), new Dictionary<string, string> { ["target"] = target });
            }
        }
    }

    /// <summary>The Hugging Face cache links snapshots/&lt;commit&gt;/file to ../../blobs/&lt;hash&gt; of the same repository: by design, not an escape.</summary>
    private static bool IsHuggingFaceCacheBlob(string file, string target, StringComparison comparison)
    {
        var blobs = Path.GetDirectoryName(target);
        if (blobs is null || !string.Equals(Path.GetFileName(blobs), "blobs", comparison))
        {
            return false;
        }

        var repository = Path.GetDirectoryName(blobs)!;
        return RealPath.IsUnder(file, Path.Combine(repository, "snapshots"), comparison);
    }
}
