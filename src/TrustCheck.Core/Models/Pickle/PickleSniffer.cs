namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// Decides "is this a pickle" the way pickle.load would find out: by walking the opcodes (Python-exact, stopping
/// where CPython raises) rather than by the first bytes. A stream is a pickle when the walk imports a global with an
/// importable name before anything invalid, or when it is still a valid opcode stream at the end of the budget.
/// Non-pickles (text, images, JSON, tensor bytes) break within a few bytes, so the cost is one short walk of the head.
/// </summary>
public static class PickleSniffer
{
    /// <summary>Bytes of the head walked first; most files are decided there.</summary>
    public const int HeadLength = 4096;

    /// <summary>A valid opcode stream this long without a break is treated as a pickle (the full scan then decides).</summary>
    private const long OpcodeBudget = 256 * 1024;

    /// <summary>Evidence text when <paramref name="head"/> (the first bytes of a stream of <paramref name="length"/> bytes) is a pickle; null when not; <paramref name="needsMore"/> when the head alone cannot tell.</summary>
    public static string? RecogniseHead(byte[] head, long length, out bool needsMore)
    {
        needsMore = false;
        if (head.Length == 0)
        {
            return null;
        }

        var result = Walk(new MemoryStream(head, 0, (int)Math.Min(head.Length, length), writable: false), head.Length);
        if (ImportsSomething(result) is { } evidence)
        {
            return evidence;
        }

        needsMore = result.EndedMidPickle && length > head.Length;
        return null;
    }

    /// <summary>
    /// Walks <paramref name="stream"/> from its current position: lengths are followed over the whole stream (as pickle.load
    /// would; a seekable stream seeks over them), and a stream still valid after the opcode budget counts as a pickle.
    /// </summary>
    public static string? Recognise(Stream stream, long length)
    {
        var result = Walk(stream, length);
        if (ImportsSomething(result) is { } evidence)
        {
            return evidence;
        }

        // Still valid after the budget: too long to be anything but a pickle (the full scan then judges it).
        return result.OpcodeCount > OpcodeBudget ? $"a valid pickle opcode stream of over {OpcodeBudget:N0} opcodes" : null;
    }

    /// <summary>Head first, then (only when the head is an unbroken opcode run) the stream itself, rewound to 0.</summary>
    public static string? Recognise(Stream seekable, byte[] head)
    {
        var length = seekable.Length;
        var evidence = RecogniseHead(head, length, out var needsMore);
        if (evidence is not null || !needsMore)
        {
            return evidence;
        }

        seekable.Position = 0;
        try
        {
            return Recognise(seekable, length);
        }
        finally
        {
            seekable.Position = 0;
        }
    }

    private static PickleScanResult Walk(Stream stream, long maxBytes) => PickleWalker.Walk(stream, new PickleScanOptions
    {
        MaxBytes = maxBytes,
        MaxOpcodes = OpcodeBudget + 1,
        NestedPickleDepth = 0,
        StopWherePythonFails = true,
    });

    private static string? ImportsSomething(PickleScanResult result)
    {
        foreach (var global in result.Globals)
        {
            if (global.Resolved && global.Kind != PickleImportKind.Extension && IsImportPath(global.Module) && IsImportPath(global.Name))
            {
                return $"pickle opcodes that import {global.FullName} at offset {global.Offset}" +
                    (result.HighestProtocol > 0 ? $" (protocol {result.HighestProtocol})" : string.Empty);
            }
        }

        return null;
    }

    /// <summary>A dotted Python identifier path ("os", "torch._utils", "bdb.Bdb.run"): anything else fails to import.</summary>
    private static bool IsImportPath(string name)
    {
        if (name.Length == 0 || name.Length > 1024)
        {
            return false;
        }

        var atStart = true;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (atStart)
                {
                    return false;
                }

                atStart = true;
                continue;
            }

            if (!(char.IsLetter(c) || c == '_' || (!atStart && char.IsDigit(c))))
            {
                return false;
            }

            atStart = false;
        }

        return !atStart;
    }
}
