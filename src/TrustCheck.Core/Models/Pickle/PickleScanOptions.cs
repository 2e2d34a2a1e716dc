namespace TrustCheck.Core.Models.Pickle;

/// <summary>Hard caps for one scan. The defaults suit whole model files; embedded pickles pass their own size as <see cref="MaxBytes"/>.</summary>
public sealed record PickleScanOptions
{
    /// <summary>At most this many bytes of pickle stream are read (256 MB).</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Opcodes walked over all pickles in the stream before giving up with TC3013 (bounds time; ≤ one per byte anyway).</summary>
    public long MaxOpcodes { get; init; } = 256_000_000;

    /// <summary>Concatenated pickles read from one stream (torch legacy files have five).</summary>
    public int MaxPickles { get; init; } = 10_000;

    /// <summary>Distinct memo slots (≈ 8 bytes each); Python grows the memo without bound, we do not.</summary>
    public int MaxMemoEntries { get; init; } = 16_000_000;

    /// <summary>Symbolic stack depth (MARK nesting included).</summary>
    public int MaxStackDepth { get; init; } = 1_000_000;

    /// <summary>Keep reading after STOP while the remaining bytes parse as another pickle (torch legacy files, attacks that append a stream).</summary>
    public bool ReadConcatenatedPickles { get; init; } = true;

    /// <summary>How deep pickles hidden in bytes/text values (raw, base64, hex) are looked into; 0 turns the check off.</summary>
    public int NestedPickleDepth { get; init; } = 2;

    /// <summary>joblib framing: raw numpy array bytes follow each NumpyArrayWrapper BUILD and are skipped, object arrays are walked.</summary>
    public bool JoblibArrays { get; init; }

    /// <summary>
    /// Stop where CPython's unpickler raises (stack underflow, missing MARK, unknown memo key) instead of walking on.
    /// Recognition uses it: nothing after such a point is imported. Scans leave it off to see every later import.
    /// </summary>
    public bool StopWherePythonFails { get; init; }

    /// <summary>
    /// The stream is a member of a TorchScript archive: TorchScript's C++ unpickler reads it and resolves '__torch__.*'
    /// classes from the archive's code/ folder and its own type tags without importing Python (see safe-pickle-globals.json).
    /// </summary>
    public bool InTorchScriptArchive { get; init; }

    /// <summary>Names messages use for the scanned stream, e.g. "models/evil.pt" or "models/evil.pt!archive/data.pkl".</summary>
    public string? Location { get; init; }
}
