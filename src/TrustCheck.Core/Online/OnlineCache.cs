using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
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
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxEntryBytes)
            {
                return null;
            }

            var entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), OnlineCacheJsonContext.Default.CachedLookup);
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
        var path = PathFor(source, id, version);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(entry, OnlineCacheJsonContext.Default.CachedLookup));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private string PathFor(string source, string id, string version)
    {
        var key = $"{source}\n{id.ToLowerInvariant()}\n{version.ToLowerInvariant()}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_directory, hash[..32] + ".json");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is harmless.
        }
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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CachedLookup))]
internal sealed partial class OnlineCacheJsonContext : JsonSerializerContext;
