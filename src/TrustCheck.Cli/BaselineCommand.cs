using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.Baselines;

namespace TrustCheck.Cli;

/// <summary>`trustcheck baseline PATH`: accept today's findings so only new ones fail (docs/baselines.md).</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var path = new Argument<string?>("path") { Description = "Project file, or a folder holding one (default: current folder).", Arity = ArgumentArity.ZeroOrOne };
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: nearest trustcheck.json up the folder tree)." };
        var command = new Command("baseline", $"Write {TrustCheckBaseline.FileName}: today's warnings and errors, reported as info from then on (reasons kept on rewrite).") { path, policy };
        command.SetAction(parse =>
        {
            var project = ProjectLocator.Resolve(parse.GetValue(path));
            var policyPath = parse.GetValue(policy);
            if (policyPath is not null && !File.Exists(policyPath))
            {
                throw new UsageException($"--policy '{policyPath}' does not exist.");
            }

            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions { ProjectPath = project, PolicyPath = policyPath, DiscoverModelsInProject = true, Progress = progress, IgnoreBaseline = true };
            InputPreflight.Check(options);
            ProjectLocator.EnsureRestored(project, noRestore: false);
            var report = TrustCheckEngine.Check(options);
            progress?.Dispose();

            var target = TrustCheckEngine.BaselineTargetFor(options);
            var previous = BaselineStore.Read(target);
            if (previous.Problem is { } problem)
            {
                throw new UsageException(problem.Message);
            }

            var baseline = BaselineApplier.Create(report.Findings, target, Directory.GetCurrentDirectory(), previous.Baseline);
            BaselineStore.Write(target, baseline);
            var toExplain = baseline.Findings.Count(e => e.Reason.Length == 0);
            Console.Out.WriteLine($"Wrote {target}: {baseline.Findings.Count} findings baselined{(toExplain > 0 ? $", {toExplain} without a reason yet (fill in \"reason\")" : "")}.");
            return CliApp.ExitOk;
        });
        return command;
    }
}
