using System.Collections.Concurrent;

namespace TrustCheck.Core.Inventory;

/// <summary>
/// The package folders one build has already found and looked at. Restore finishes before a build starts, so while it
/// runs no package folder is extracted again: once one project found a package's folder and its unchanged facts, the
/// next projects need neither the probe for the folder nor the stat of its .nupkg.metadata (two file-system calls for
/// each of ~40 packages in every project). The MSBuild task keeps one per build (IBuildEngine4.RegisterTaskObject,
/// lifetime Build): the next build, in the same node or not, looks at every folder again.
/// </summary>
public sealed class PackageFolderScope
{
    /// <summary>More package folders than any build resolves; past it nothing more is remembered.</summary>
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<(string Folders, string Subject), (string InstallPath, PackageFacts Facts)> _seen = new();

    /// <summary>The folder and facts of <paramref name="subject"/> ("Id@Version") under these package folders, when this build has seen them.</summary>
    internal bool TryGet(string folders, string subject, out string installPath, out PackageFacts facts)
    {
        if (_seen.TryGetValue((folders, subject), out var seen))
        {
            (installPath, facts) = seen;
            return true;
        }

        (installPath, facts) = ("", null!);
        return false;
    }

    /// <summary>Remembers facts that were read (or found cached) without problems; others are looked at again.</summary>
    internal void Remember(string folders, string subject, string installPath, PackageFacts facts)
    {
        if (facts.Problems.Count == 0 && _seen.Count < MaxEntries)
        {
            _seen.TryAdd((folders, subject), (installPath, facts));
        }
    }
}
