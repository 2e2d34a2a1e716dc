namespace TrustCheck.Core.Baselines;

/// <summary>
/// trustcheck.baseline.json: findings a team accepted when adopting TrustCheck. Listed findings are reported as info;
/// anything new keeps its severity. Written by `trustcheck baseline`, shrunk by hand (TC9008 names stale entries).
/// </summary>
public sealed class TrustCheckBaseline
{
    public const string FileName = "trustcheck.baseline.json";

    public int Version { get; set; } = 1;
    public List<BaselineEntry> Findings { get; set; } = new();
}

public sealed class BaselineEntry
{
    /// <summary><see cref="Reporting.FindingFingerprint"/> with paths relative to the baseline file's folder.</summary>
    public required string Fingerprint { get; set; }
    public required string RuleId { get; set; }
    public required string Subject { get; set; }
    /// <summary>
    /// The project file the finding belongs to, relative to the baseline's folder (forward slashes). A run judges
    /// (TC9008) only the entries of the projects it covers; null (older files) = judged by every run.
    /// </summary>
    public string? Project { get; set; }
    /// <summary>The message when the entry was written: for readers only, never compared.</summary>
    public string? Message { get; set; }
    /// <summary>Why the finding is accepted; filled in by the team (empty when written).</summary>
    public string Reason { get; set; } = "";
}
