using TrustCheck.Core;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;

namespace TrustCheck.Cli;

/// <summary>
/// Refuses to run on a policy or lock file that cannot be used (contract: exit 2, one line on stderr). Running on with
/// half a policy could pass a build that the intended policy fails, e.g. a misspelt "deny" key denies nothing.
/// </summary>
internal static class InputPreflight
{
    /// <summary>Every project of a set: each distinct policy and lock file once (a solution's projects usually share both).</summary>
    public static void Check(CheckOptions options, Core.Projects.ProjectSet set, bool writesSetLock)
    {
        var seenPolicies = new HashSet<string>(StringComparer.Ordinal);
        var seenLocks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in set.Projects)
        {
            var each = new CheckOptions
            {
                ProjectPath = project,
                PolicyPath = options.PolicyPath,
                Policy = options.Policy,
                LockFilePath = writesSetLock ? set.LockFilePath : options.LockFilePath ?? LockFileStore.FindNearest(Path.GetDirectoryName(project)!) ?? set.LockFilePath,
            };
            var policy = TrustCheckEngine.PolicyPathFor(each);
            var lockPath = TrustCheckEngine.LockPathFor(each);
            if ((policy is null || seenPolicies.Add(policy)) | seenLocks.Add(lockPath))
            {
                Check(each);
            }
        }
    }

    public static void Check(CheckOptions options)
    {
        if (TrustCheckEngine.PolicyPathFor(options) is { } policyPath)
        {
            var policy = PolicyLoader.Load(policyPath);
            if (!policy.IsValid)
            {
                var more = policy.Problems.Count > 1 ? $" (and {policy.Problems.Count - 1} more problem{(policy.Problems.Count > 2 ? "s" : "")} in that file)" : "";
                var message = policy.Problems[0].Message;
                var fileName = Path.GetFileName(policyPath);
                message = message.StartsWith(fileName, StringComparison.Ordinal) ? Shown(policyPath) + message[fileName.Length..] : message;
                throw new UsageException($"{Rules.RuleIds.PolicyInvalid}: {message}{more}");
            }
        }

        var lockResult = LockFileStore.Read(TrustCheckEngine.LockPathFor(options));
        if (lockResult.Problem is { } problem)
        {
            throw new UsageException($"{Rules.RuleIds.LockInvalid}: {problem.Message}");
        }
    }

    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
