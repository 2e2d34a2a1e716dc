using System.Text;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// Identifies a finding, not where it sits: rule, subject, the file (not the line: inserting a line above keeps the
/// alert) and the rule's data facts, which name what was found (license, global, hash…). Messages are left out so a
/// rewording does not reopen alerts. SARIF's <c>trustcheck/v1</c> partial fingerprint, `trustcheck diff` and
/// baselines all use it, so one finding has one identity everywhere.
/// </summary>
public static class FindingFingerprint
{
    /// <param name="normalizePath">
    /// Rewrites the file path and a path subject before hashing (baselines and diffs anchor them to one folder, so a run
    /// from the repository root and a build in the project folder agree); null keeps them as reported.
    /// </param>
    public static string Of(ReportFinding finding, Func<string, string>? normalizePath = null)
    {
        var path = finding.Location?.Path ?? "";
        var subject = finding.Subject;
        if (normalizePath is not null)
        {
            path = path.Length > 0 ? normalizePath(path) : path;
            subject = LooksLikeModelPath(subject) ? normalizePath(subject) : subject;
        }

        var identity = new StringBuilder()
            .Append(finding.RuleId).Append('\n')
            .Append(subject).Append('\n')
            .Append(path.Replace('\\', '/')).Append('\n');
        if (finding.Data is { Count: > 0 } data)
        {
            var keys = data.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                identity.Append(key).Append('=').Append(data[key]).Append('\n');
            }
        }

        return StableHash.Hex(identity.ToString());
    }

    /// <summary>Package subjects are "Id@Version"; model (and policy/lock) subjects are paths.</summary>
    private static bool LooksLikeModelPath(string subject) =>
        !subject.Contains('@') && subject.IndexOf(':') is -1 or 1 && (subject.Contains('/') || subject.Contains('\\') || subject.Contains('.'));

    /// <summary>
    /// A path normalizer for <see cref="Of"/>: paths reported relative to <paramref name="workingDirectory"/> become
    /// relative to <paramref name="anchorDirectory"/> (forward slashes); paths outside it stay absolute.
    /// </summary>
    public static Func<string, string> AnchoredTo(string workingDirectory, string anchorDirectory) => path =>
    {
        var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
        var relative = Path.GetRelativePath(anchorDirectory, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    };
}
