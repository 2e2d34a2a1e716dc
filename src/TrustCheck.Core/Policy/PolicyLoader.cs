using System.Text.Json;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Policy;

/// <summary>Result of loading a policy: the policy (defaults when unusable) and the TC9001 findings that explain why.</summary>
public sealed record PolicyLoadResult(TrustCheckPolicy Policy, IReadOnlyList<Finding> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>Finds and parses trustcheck.json (JSON with comments). Unknown keys and invalid JSON are TC9001 with line and column.</summary>
public static class PolicyLoader
{
    public const string FileName = "trustcheck.json";

    /// <summary>A policy file larger than this is not a policy: refuse it instead of reading it.</summary>
    private const long MaxPolicyBytes = 4 * 1024 * 1024;

    /// <summary>Nearest trustcheck.json from <paramref name="startDirectory"/> up the folder tree, or null.</summary>
    public static string? FindNearest(string startDirectory) => NearestFile.Find(startDirectory, FileName);

    /// <summary>Never throws: unreadable files, invalid JSON and invalid settings all come back as TC9001 problems.</summary>
    public static PolicyLoadResult Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            var file = RegularFile.Inspect(fullPath);
            if (file.Length > MaxPolicyBytes)
            {
                return Unusable(fullPath, $"{FileName} is {file.Length} bytes, more than a policy can be ({MaxPolicyBytes} bytes). Point --policy/TrustCheckPolicy at the right file.", null, null);
            }

            bytes = file.ReadAllBytes(MaxPolicyBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return Unusable(fullPath, $"{fullPath} could not be read: {ex.Message} Check the path and its permissions.", null, null);
        }

        return Parse(bytes, fullPath);
    }

    /// <summary>Parses policy text as if it were the file at <paramref name="path"/> (used by Load and by tests).</summary>
    public static PolicyLoadResult Parse(ReadOnlySpan<byte> utf8, string path)
    {
        var fullPath = Path.GetFullPath(path);
        PositionedJson root;
        try
        {
            root = PositionedJson.Parse(utf8);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            return Unusable(fullPath,
                $"{Path.GetFileName(fullPath)}({line},{column}): not valid JSON: {CleanReaderMessage(ex.Message)} Fix the syntax (comments and trailing commas are allowed).",
                line, column);
        }

        var reader = new PolicyReader(fullPath);
        var policy = reader.Read(root);
        return new PolicyLoadResult(policy, reader.Problems);
    }

    internal static Finding Problem(string path, string message, int? line, int? column, string? key)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key is not null)
        {
            data["key"] = key;
        }

        if (line is not null)
        {
            data["line"] = line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            data["column"] = (column ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Finding(RuleIds.PolicyInvalid, RuleSeverity.Error, message, path, new FindingLocation(path, line, column), data);
    }

    private static PolicyLoadResult Unusable(string path, string message, int? line, int? column) =>
        new(new TrustCheckPolicy { SourcePath = path }, [Problem(path, message, line, column, null)]);

    /// <summary>The reader's message ends with its own "LineNumber: … | BytePositionInLine: …" suffix; we report the position ourselves.</summary>
    private static string CleanReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}
