using System.Collections.Concurrent;
using NuGet.Configuration;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Online;

/// <summary>A source that failed during the run: it is not asked again, and the packages only it could answer stay unchecked.</summary>
internal sealed record SourceFailure(string Source, string Reason, int PackagesNotChecked);

/// <summary>What the look-ups found (index-aligned with the packages; null = no source has that version or it was not checked).</summary>
internal sealed record OnlineLookupResult(OnlinePackageReport?[] Reports, IReadOnlyList<SourceFailure> Failures, int TimedOutPackages, int NetworkLookups,
    IReadOnlyDictionary<string, SourceGaps> Gaps);

/// <summary>
/// Looks every package up on the configured sources: the cache first, then the network, a bounded number of packages
/// at a time, all within one overall timeout. A failing source is asked once and then left alone for the rest of the run.
/// </summary>
internal static class OnlineLookup
{
    /// <summary>
    /// A registration answer takes ~0.7 s from a remote mirror and each package needs one or two in a row, so a typical
    /// project's ~40 packages go out in one wave (benchmarks/online --mirror): cold stays within 3 s.
    /// </summary>
    internal const int MaxParallelPackages = 48;

    public static OnlineLookupResult Run(IReadOnlyList<PackageReport> packages, IReadOnlyList<PackageSource> sources, CheckOptions options) =>
        // The engine is synchronous; Task.Run keeps the awaits off any caller's synchronization context.
        Task.Run(() => RunAsync(packages, sources, options)).GetAwaiter().GetResult();

    private static async Task<OnlineLookupResult> RunAsync(IReadOnlyList<PackageReport> packages, IReadOnlyList<PackageSource> sources, CheckOptions options)
    {
        var cache = new OnlineCache(options.OnlineCacheDirectory ?? OnlineCache.DefaultDirectory(), options.OnlineCacheExpiry) { Enabled = options.UseCaches };
        // Our own cache holds the answers; NuGet's http-cache would only duplicate them on disk. Created on first use.
        var cacheContext = new Lazy<SourceCacheContext>(() => new SourceCacheContext { NoCache = true, DirectDownload = true });
        // What each source lacks (no search, no .nuspec files), remembered across runs: not asked again, said once.
        var gaps = sources.DistinctBy(s => s.Source).ToDictionary(s => s.Source, s => cache.GapsOf(s.Source));
        var clients = sources.ToDictionary(s => s.Source, s => new Lazy<OnlineSourceClient>(() => new OnlineSourceClient(s, cacheContext.Value, gaps[s.Source])));
        using var probe = new SourceProbe();
        var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var blockedBy = new string?[packages.Count];
        var done = new bool[packages.Count];
        var reports = new OnlinePackageReport?[packages.Count];
        var finished = 0;
        var networkLookups = 0;

        using var timeout = new CancellationTokenSource(options.OnlineTimeout);
        // Each source is probed once, and only when a package is not answered by the cache.
        var probes = sources.ToDictionary(s => s.Source, s => new Lazy<Task<string?>>(() => probe.FailureAsync(s.Source, timeout.Token)));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPackages, CancellationToken = timeout.Token };
        options.Progress?.Report($"Online look-ups: 0/{packages.Count} packages");
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, packages.Count), parallel, async (i, cancellationToken) =>
            {
                var package = packages[i];
                if (!NuGetVersion.TryParse(package.Version, out var version))
                {
                    done[i] = true;
                    return;
                }

                foreach (var source in InPreferredOrder(sources, package.Source))
                {
                    if (failures.ContainsKey(source.Source))
                    {
                        blockedBy[i] ??= source.Source;
                        continue;
                    }

                    if (cache.TryGet(source.Source, package.Id, package.Version) is { } cached)
                    {
                        if (cached.Found)
                        {
                            reports[i] = cached.Report;
                            break;
                        }

                        continue;
                    }

                    if (await probes[source.Source].Value.ConfigureAwait(false) is { } down)
                    {
                        failures.TryAdd(source.Source, down);
                        blockedBy[i] ??= source.Source;
                        continue;
                    }

                    try
                    {
                        Interlocked.Increment(ref networkLookups);
                        var answer = await clients[source.Source].Value.LookUpAsync(package.Id, version, cancellationToken).ConfigureAwait(false);
                        if (answer.Complete)
                        {
                            cache.Put(source.Source, package.Id, package.Version, answer.Report);
                        }

                        if (answer.Report is not null)
                        {
                            reports[i] = answer.Report;
                            break;
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
                    {
                        failures.TryAdd(source.Source, Describe(ex));
                        blockedBy[i] ??= source.Source;
                    }
                }

                if (reports[i] is not null)
                {
                    blockedBy[i] = null;
                }

                done[i] = true;
                var count = Interlocked.Increment(ref finished);
                options.Progress?.Report($"Online look-ups: {count}/{packages.Count} packages");
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Reported below as the packages that were not done in time.
        }
        finally
        {
            if (cacheContext.IsValueCreated)
            {
                cacheContext.Value.Dispose();
            }
        }

        foreach (var (source, sourceGaps) in gaps.Where(g => g.Value.Changed))
        {
            cache.PutGaps(source, sourceGaps);
        }

        var sourceFailures = failures
            .Select(f => new SourceFailure(f.Key, f.Value, blockedBy.Where((b, i) => done[i] && b == f.Key).Count()))
            .OrderBy(f => f.Source, StringComparer.Ordinal)
            .ToList();
        return new OnlineLookupResult(reports, sourceFailures, done.Count(d => !d), networkLookups, gaps);
    }

    /// <summary>The source restore took the package from (.nupkg.metadata) first, then the others in nuget.config order.</summary>
    private static IEnumerable<PackageSource> InPreferredOrder(IReadOnlyList<PackageSource> sources, string? restoredFrom) =>
        restoredFrom is null
            ? sources
            : sources.OrderBy(s => SameSource(s.Source, restoredFrom) ? 0 : 1);

    private static bool SameSource(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>One line: NuGet wraps the HTTP status or socket error in inner exceptions.</summary>
    private static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var ex = exception; ex is not null && messages.Count < 3; ex = ex.InnerException)
        {
            var line = ex.Message.Split('\n')[0].Trim();
            if (line.Length > 0 && !messages.Contains(line))
            {
                messages.Add(line);
            }
        }

        var text = string.Join(": ", messages);
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
