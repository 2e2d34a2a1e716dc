using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.Baselines;

namespace TrustCheck.Cli;

/// <summary>`trustcheck baseline PATH`: accept today's findings so only new ones fail (docs/baselines.md).</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var path = new Argument<string?>("path") { Description = Commands.TargetDescription, Arity = ArgumentArity.ZeroOrOne };
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: nearest trustcheck.json up the folder tree)." };
        var command = new Command("baseline", $"Write {TrustCheckBaseline.FileName}: today's warnings and errors, reported as info from then on (reasons kept on rewrite).") { path, policy };
        command.SetAction(parse =>
        {
            var target = CheckTarget.Resolve(parse.GetValue(path));
            var policyPath = parse.GetValue(policy);
            if (policyPath is not null && !File.Exists(policyPath))
            {
                throw new UsageException($"--policy '{policyPath}' does not exist.");
            }

            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions { ProjectPath = target.Project, PolicyPath = policyPath, DiscoverModelsInProject = true, Progress = progress, IgnoreBaseline = true };
            var report = Commands.Run(target, options, noRestore: false, writesLock: false);
            progress?.Dispose();

            var baselinePath = target.Set is { } set ? TrustCheckEngine.BaselineTargetFor(options, set) : TrustCheckEngine.BaselineTargetFor(options);
            var previous = BaselineStore.Read(baselinePath);
            if (previous.Problem is { } problem)
            {
                throw new UsageException(problem.Message);
            }

            var covered = target.Set?.Projects ?? [target.Project!];
            var baseline = BaselineApplier.Create(report.Findings, baselinePath, Directory.GetCurrentDirectory(), previous.Baseline, covered);
            BaselineStore.Write(baselinePath, baseline);
            var toExplain = baseline.Findings.Count(e => e.Reason.Length == 0);
            Console.Out.WriteLine($"Wrote {baselinePath}: {baseline.Findings.Count} findings baselined{(toExplain > 0 ? $", {toExplain} without a reason yet (fill in \"reason\")" : "")}.");
            return CliApp.ExitOk;
        });
        return command;
    }
}
