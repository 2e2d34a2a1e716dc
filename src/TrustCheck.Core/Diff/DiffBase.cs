using System.Text.Json;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Diff;

/// <summary>
/// What `trustcheck diff` compares against: a lock (packages and models, no findings) or a JSON report (everything,
/// findings included). <see cref="Label"/> is what the user passed (git ref or file), shown as the diff's "base".
/// </summary>
public sealed class DiffBase
{
    private DiffBase(string label, TrustCheckLock? lockFile, Report? report)
    {
        Label = label;
        Lock = lockFile;
        Report = report;
    }

    public string Label { get; }
    public TrustCheckLock? Lock { get; }
    public Report? Report { get; }

    /// <summary>A base with nothing in it: the ref has no lock yet, so every package and model is added.</summary>
    public static DiffBase Empty(string label) => new(label, new TrustCheckLock(), null);

    public static DiffBase FromLock(string label, TrustCheckLock lockFile) => new(label, lockFile, null);

    public static DiffBase FromReport(string label, Report report) => new(label, null, report);

    /// <summary>A lock or a JSON report, told apart by their keys; throws <see cref="FormatException"/> for anything else.</summary>
    public static DiffBase Parse(string label, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{label} is not a trustcheck.lock.json or a JSON report (not a JSON object)");
            }

            if (root.TryGetProperty("schemaVersion", out _) && root.TryGetProperty("findings", out _))
            {
                return FromReport(label, ReportJson.Deserialize(json) ?? throw new FormatException($"{label} is an empty report"));
            }

            if (root.TryGetProperty("packages", out _) || root.TryGetProperty("models", out _))
            {
                return FromLock(label, LockFileStore.Parse(json));
            }

            throw new FormatException($"{label} is not a trustcheck.lock.json or a JSON report (it has neither 'findings' nor 'packages')");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{label} is not valid JSON: {ex.Message.Split('\n')[0].Trim()}");
        }
    }
}
