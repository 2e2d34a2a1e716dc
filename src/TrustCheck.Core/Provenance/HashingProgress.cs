using System.Globalization;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// Turns <see cref="FileHasher"/>'s per-block callbacks into "hashing models/phi.gguf 1.2/4.0 GB" texts for
/// <see cref="CheckOptions.Progress"/>: only for big files, only once a file has taken longer than <see cref="Interval"/>,
/// and at most once per interval for the whole run (files are hashed in parallel). Everything else returns early, so the
/// hashing loop pays one delegate call and one timestamp read per MiB.
/// </summary>
public sealed class HashingProgress
{
    /// <summary>Smaller files hash in well under a second: no status for them, not even the timestamp reads.</summary>
    public const long MinimumFileBytes = 64L * 1024 * 1024;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly IProgress<string> _sink;
    private readonly TimeProvider _time;
    private long _lastReport;

    public HashingProgress(IProgress<string> sink, TimeProvider? time = null)
    {
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _lastReport = long.MinValue;
    }

    /// <summary>The callback to pass to <see cref="FileHasher"/> for one file, or null when the file is too small to report.</summary>
    public Action<long>? ForFile(string displayPath, long size)
    {
        if (size < MinimumFileBytes)
        {
            return null;
        }

        var started = _time.GetTimestamp();
        return hashed => Report(displayPath, hashed, size, started);
    }

    /// <summary>"1.2/4.0 GB", "130/512 MB": the unit of the total, so the two numbers compare at a glance.</summary>
    public static string Amount(long done, long total)
    {
        var (divisor, unit, format) = total >= 1_000_000_000 ? (1e9, "GB", "0.0") : (1e6, "MB", "0");
        return string.Create(CultureInfo.InvariantCulture, $"{(done / divisor).ToString(format, CultureInfo.InvariantCulture)}/{(total / divisor).ToString(format, CultureInfo.InvariantCulture)} {unit}");
    }

    private void Report(string displayPath, long hashed, long size, long started)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(started, now) < Interval)
        {
            return;
        }

        var last = Interlocked.Read(ref _lastReport);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < Interval)
        {
            return;
        }

        // Two threads may both see an old timestamp: only the one that moves it reports.
        if (Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            _sink.Report($"hashing {displayPath} {Amount(hashed, size)}");
        }
    }
}
