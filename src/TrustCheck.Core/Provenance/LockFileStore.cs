using System.Text.Json;
using System.Text.Json.Serialization;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Provenance;

public sealed record LockLoadResult(TrustCheckLock? Lock, Finding? Problem);

/// <summary>Reads and writes trustcheck.lock.json deterministically (sorted, indented, no timestamps).</summary>
public static class LockFileStore
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Content hashes are base64: keep "+" and "/" readable in reviews instead of \u002B escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Source-generated metadata: reading the lock must not pay reflection-based serializer start-up on every run.
        TypeInfoResolver = LockJsonContext.Default,
    };

    /// <summary>
    /// Nearest trustcheck.lock.json from <paramref name="startDirectory"/> up the folder tree, or null: a project uses its own
    /// lock when it has one, else the one of the solution (or repository) it sits in, the way the policy is found.
    /// </summary>
    public static string? FindNearest(string startDirectory) => NearestFile.Find(startDirectory, TrustCheckLock.FileName);

    /// <summary>Typed metadata from the source-generated context: no reflection, so trimming and Native AOT keep working.</summary>
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<TrustCheckLock> TypeInfo =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TrustCheckLock>)Options.GetTypeInfo(typeof(TrustCheckLock));

    /// <summary>Missing file → (null, null). Unreadable file → (null, TC9002 finding).</summary>
    public static LockLoadResult Read(string path)
    {
        if (!File.Exists(path))
        {
            return new LockLoadResult(null, null);
        }

        try
        {
            using var stream = RegularFile.OpenRead(path);
            var lockFile = JsonSerializer.Deserialize(stream, TypeInfo)
                ?? throw new JsonException("the file is empty or 'null'");
            return new LockLoadResult(lockFile, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var where = ex is JsonException { LineNumber: { } line } je ? $" (line {line + 1}, column {(je.BytePositionInLine ?? 0) + 1})" : "";
            var problem = new Finding(RuleIds.LockInvalid, Rules.RuleSeverity.Error,
                $"{path}{where}: trustcheck.lock.json could not be read: {FirstLine(ex.Message)}. Fix or delete it and run 'trustcheck lock'.",
                path, new FindingLocation(path, ex is JsonException { LineNumber: { } l } ? (int)l + 1 : null));
            return new LockLoadResult(null, problem);
        }
    }

    /// <summary>A lock's text read from elsewhere (`git show REF:trustcheck.lock.json`); throws <see cref="JsonException"/> when it is not one.</summary>
    public static TrustCheckLock Parse(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo) ?? throw new JsonException("the lock is empty or 'null'");

    public static void Write(string path, TrustCheckLock lockFile)
    {
        lockFile.Packages = lockFile.Packages
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.Ordinal).ToList();
        lockFile.Models = lockFile.Models.OrderBy(m => m.Path, StringComparer.Ordinal).ToList();
        lockFile.References = lockFile.References is { Count: > 0 } references
            ? references.OrderBy(r => r.Reference, StringComparer.Ordinal)
                .Select(r => { r.Files = r.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(); return r; }).ToList()
            : null;
        var json = JsonSerializer.Serialize(lockFile, TypeInfo);
        AtomicFile.WriteAllText(path, json + Environment.NewLine);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

[JsonSerializable(typeof(TrustCheckLock))]
internal sealed partial class LockJsonContext : JsonSerializerContext;
