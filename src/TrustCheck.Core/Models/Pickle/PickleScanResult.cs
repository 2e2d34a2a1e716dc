namespace TrustCheck.Core.Models.Pickle;

/// <summary>What walking a pickle stream found: every import, every problem, and the issues they map to.</summary>
public sealed class PickleScanResult
{
    internal PickleScanResult(
        IReadOnlyList<PickleGlobal> globals,
        IReadOnlyList<string> problems,
        IReadOnlyList<NestedPickle> nestedPickles,
        int pickleCount,
        int highestProtocol,
        long opcodeCount,
        long bytesRead,
        long trailingBytes,
        IReadOnlyList<ModelIssue> issues)
    {
        Globals = globals;
        Problems = problems;
        NestedPickles = nestedPickles;
        PickleCount = pickleCount;
        HighestProtocol = highestProtocol;
        OpcodeCount = opcodeCount;
        BytesRead = bytesRead;
        TrailingBytes = trailingBytes;
        Issues = issues;
    }

    /// <summary>Every distinct global imported, in first-seen order per pickle (at most 10 000; more stops the walk with TC3013).</summary>
    public IReadOnlyList<PickleGlobal> Globals { get; }

    /// <summary>Why the stream could not be fully walked (truncation, bad opcode, absurd length, caps), in order.</summary>
    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<NestedPickle> NestedPickles { get; }

    /// <summary>Complete pickles (ending in STOP) found in the stream.</summary>
    public int PickleCount { get; }

    /// <summary>Highest PROTO seen (0 when the stream had no PROTO opcode).</summary>
    public int HighestProtocol { get; }

    public long OpcodeCount { get; }

    public long BytesRead { get; }

    /// <summary>Bytes after the last complete pickle that did not parse as another pickle (tensor data in legacy torch files, junk).</summary>
    public long TrailingBytes { get; }

    /// <summary>The data (or the byte cap) ended inside a pickle whose opcodes were all valid so far.</summary>
    public bool EndedMidPickle { get; internal init; }

    /// <summary>
    /// TC3010 for every global outside the safe list (error; warning for low-risk and nested cases), TC3013 when the
    /// stream could not be fully walked. No TC3011: the caller knows whether the file as a whole is pickle-based.
    /// </summary>
    public IReadOnlyList<ModelIssue> Issues { get; }

    /// <summary>True when at least one complete pickle was read and nothing stopped the walk.</summary>
    public bool Complete => PickleCount > 0 && Problems.Count == 0;

    /// <summary>Globals not on the safe list, once each, in first-seen order.</summary>
    public IReadOnlyList<PickleGlobal> UnsafeGlobals =>
        Globals.Where(g => !SafePickleGlobals.Default.IsSafe(g)).GroupBy(g => g.FullName).Select(g => g.First()).ToList();
}
