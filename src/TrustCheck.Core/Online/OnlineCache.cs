using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Online;

/// <summary>
/// Answers of earlier look-ups, one small JSON file per (source, id, version), so a repeated check asks the network
/// nothing until the entry expires. Only answers are cached (found or not on that source), never failures.
/// An unreadable or foreign file is a miss, not an error.
/// </summary>
internal sealed class OnlineCache
{
    /// <summary>Overrides the cache root (the online cache is its <c>online</c> folder), e.g. for CI caches and tests.</summary>
    public const string DirectoryVariable = "TRUSTCHECK_CACHE_DIR";

    private const int FormatVersion = 1;
    private const long MaxEntryBytes = 1024 * 1024;

    private readonly string _directory;
    private readonly TimeSpan _expiry;

    public OnlineCache(string directory, TimeSpan expiry)
    {
        _directory = Path.GetFullPath(directory);
        _expiry = expiry;
    }

    /// <summary>$TRUSTCHECK_CACHE_DIR/online, else the user's local application data folder (~/.local/share on Linux)/trustcheck/online.</summary>
    public static string DefaultDirectory()
    {
        var root = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            root = Path.Combine(string.IsNullOrEmpty(appData) ? Path.GetTempPath() : appData, "trustcheck");
        }

        return Path.Combine(root, "online");
    }

    /// <summary>A fresh entry: <see cref="CachedLookup.Found"/> false means the source does not have the package.</summary>
    /// <summary>False (--no-cache): every look-up goes to the source and nothing is stored.</summary>
    public bool Enabled { get; init; } = true;

    public CachedLookup? TryGet(string source, string id, string version)
    {
        if (!Enabled)
        {
            return null;
        }

        var path = PathFor(source, id, version);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var entry = JsonSerializer.Deserialize(RegularFile.ReadAllBytes(path, MaxEntryBytes), OnlineCacheJsonContext.Default.CachedLookup);
            var fresh = entry is { Version: FormatVersion }
                && entry.Source == source
                && string.Equals(entry.Id, id, StringComparison.OrdinalIgnoreCase)
                && entry.PackageVersion == version
                && DateTimeOffset.UtcNow - entry.FetchedAt < _expiry
                && entry.FetchedAt <= DateTimeOffset.UtcNow.AddMinutes(5);
            return fresh ? entry : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Stores an answer; a cache that cannot be written only costs the next run a look-up.</summary>
    public void Put(string source, string id, string version, OnlinePackageReport? report)
    {
        if (!Enabled)
        {
            return;
        }

        var entry = new CachedLookup
        {
            Version = FormatVersion,
            Source = source,
            Id = id,
            PackageVersion = version,
            FetchedAt = DateTimeOffset.UtcNow,
            Found = report is not null,
            Report = report,
        };
        try
        {
            AtomicFile.WriteAllBytes(PathFor(source, id, version), JsonSerializer.SerializeToUtf8Bytes(entry, OnlineCacheJsonContext.Default.CachedLookup));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run a look-up.
        }
    }

    /// <summary>What the source lacks, as learned by an earlier run within the expiry; nothing known is no gaps.</summary>
    public SourceGaps GapsOf(string source)
    {
        try
        {
            var path = GapsPathFor(source);
            if (!File.Exists(path))
            {
                return new SourceGaps();
            }

            var entry = JsonSerializer.Deserialize(RegularFile.ReadAllBytes(path, MaxEntryBytes), OnlineCacheJsonContext.Default.CachedSourceGaps);
            var fresh = entry is { Version: FormatVersion }
                && entry.Source == source
                && DateTimeOffset.UtcNow - entry.FetchedAt < _expiry
                && entry.FetchedAt <= DateTimeOffset.UtcNow.AddMinutes(5);
            return fresh ? new SourceGaps(entry!.LacksSearch, entry.LacksNuspec) : new SourceGaps();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return new SourceGaps();
        }
    }

    public void PutGaps(string source, SourceGaps gaps)
    {
        var entry = new CachedSourceGaps
        {
            Version = FormatVersion,
            Source = source,
            FetchedAt = DateTimeOffset.UtcNow,
            LacksSearch = gaps.LacksSearch,
            LacksNuspec = gaps.LacksNuspec,
        };
        try
        {
            AtomicFile.WriteAllBytes(GapsPathFor(source), JsonSerializer.SerializeToUtf8Bytes(entry, OnlineCacheJsonContext.Default.CachedSourceGaps));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only costs the next run a few requests.
        }
    }

    private string GapsPathFor(string source)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"source-gaps\n{source}")));
        return Path.Combine(_directory, hash[..32] + ".source.json");
    }

    private string PathFor(string source, string id, string version)
    {
        var key = $"{source}\n{id.ToLowerInvariant()}\n{version.ToLowerInvariant()}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_directory, hash[..32] + ".json");
    }
}

/// <summary>One cached answer of one source about one package version.</summary>
internal sealed class CachedLookup
{
    public int Version { get; init; }
    public required string Source { get; init; }
    public required string Id { get; init; }
    public required string PackageVersion { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    public bool Found { get; init; }
    public OnlinePackageReport? Report { get; init; }
}

/// <summary>The optional resources one source lacks (see <see cref="SourceGaps"/>).</summary>
internal sealed class CachedSourceGaps
{
    public int Version { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    public bool LacksSearch { get; init; }
    public bool LacksNuspec { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CachedLookup))]
[JsonSerializable(typeof(CachedSourceGaps))]
internal sealed partial class OnlineCacheJsonContext : JsonSerializerContext;
