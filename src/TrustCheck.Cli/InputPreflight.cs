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
