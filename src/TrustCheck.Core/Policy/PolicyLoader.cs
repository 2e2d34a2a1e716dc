using TrustCheck.Core.Reporting;

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

    /// <summary>Nearest trustcheck.json from <paramref name="startDirectory"/> up the folder tree, or null.</summary>
    public static string? FindNearest(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static PolicyLoadResult Load(string path)
    {
        // Filled in by the policy work: full parsing and validation.
        return new PolicyLoadResult(new TrustCheckPolicy { SourcePath = Path.GetFullPath(path) }, Array.Empty<Finding>());
    }
}
