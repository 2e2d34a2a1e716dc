using TrustCheck.Core.FileSystem;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Baselines;

public sealed record BaselineLoadResult(TrustCheckBaseline? Baseline, Finding? Problem);

/// <summary>Finds, reads and writes trustcheck.baseline.json (sorted, indented, no timestamps).</summary>
public static class BaselineStore
{
    /// <summary>A baseline larger than this is not one a team reviewed: refuse it instead of reading it.</summary>
    private const long MaxBytes = 16 * 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = BaselineJsonContext.Default,
    };

    /// <summary>Typed metadata from the source-generated context: no reflection, so trimming and Native AOT keep working.</summary>
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<TrustCheckBaseline> TypeInfo =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TrustCheckBaseline>)Options.GetTypeInfo(typeof(TrustCheckBaseline));

    /// <summary>Nearest trustcheck.baseline.json from <paramref name="startDirectory"/> up the folder tree (like the policy), or null.</summary>
    public static string? FindNearest(string startDirectory) => NearestFile.Find(startDirectory, TrustCheckBaseline.FileName);

    /// <summary>Missing file → (null, null). Unreadable file → (null, a TC9004 warning): reported, never thrown.</summary>
    public static BaselineLoadResult Read(string path)
    {
        if (!File.Exists(path))
        {
            return new BaselineLoadResult(null, null);
        }

        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                throw new JsonException($"the file is larger than {MaxBytes / (1024 * 1024)} MB");
            }

            using var stream = RegularFile.OpenRead(path);
            var baseline = JsonSerializer.Deserialize(stream, TypeInfo) ?? throw new JsonException("the file is empty or 'null'");
            return new BaselineLoadResult(baseline, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // An unusable baseline silences nothing: the build then shows every finding at its severity, and says why.
            var problem = new Finding(RuleIds.InternalError, Rules.RuleSeverity.Warning,
                $"{path}: trustcheck.baseline.json could not be read: {ex.Message.Split('\n')[0].Trim()}. No finding is baselined; fix it or write it again with 'trustcheck baseline'.",
                path, new FindingLocation(path, ex is JsonException { LineNumber: { } line } ? (int)line + 1 : null));
            return new BaselineLoadResult(null, problem);
        }
    }

    public static void Write(string path, TrustCheckBaseline baseline)
    {
        baseline.Findings = baseline.Findings
            .OrderBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Subject, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal).ThenBy(e => e.Project, StringComparer.Ordinal)
            .ToList();
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(baseline, TypeInfo) + Environment.NewLine);
    }
}

[JsonSerializable(typeof(TrustCheckBaseline))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
