using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// The SHA-256 of a large model file computed on another core while the caller detects and reads its format, so a
/// whole-process scan costs max(hash, inspection) rather than their sum. Disposing it before <see cref="Result"/> stops
/// the hashing and waits for it, so no read outlives the caller's use of the file.
/// </summary>
internal sealed class BackgroundHash : IDisposable
{
    /// <summary>Below this the hash is quicker than starting a thread for it.</summary>
    public const long MinimumSize = 64L * 1024 * 1024;

    private readonly CancellationTokenSource _cancel = new();
    private readonly Task<string> _task;

    private BackgroundHash(HashCache hashes, RegularFile file, Action<long>? progress) =>
        _task = Task.Run(() => hashes.GetSha256(file, progress, _cancel.Token));

    /// <summary>Starts hashing <paramref name="file"/> when it is large enough to gain from it; else null (hash it inline).</summary>
    public static BackgroundHash? StartIfLarge(HashCache hashes, RegularFile file, Action<long>? progress) =>
        file.Length >= MinimumSize ? new BackgroundHash(hashes, file, progress) : null;

    /// <summary>Waits for the digest; throws what hashing threw (IOException, UnauthorizedAccessException).</summary>
    public string Result => _task.GetAwaiter().GetResult();

    public void Dispose()
    {
        if (!_task.IsCompleted)
        {
            _cancel.Cancel();
            try
            {
                _task.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled or failed after the caller stopped needing it: nothing to report.
            }
        }

        _cancel.Dispose();
    }
}
