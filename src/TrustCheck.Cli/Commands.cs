using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.Rules;

namespace TrustCheck.Cli;

internal static class Commands
{
    public static Command Check()
    {
        var path = new Argument<string?>("path") { Description = "Project file, or a folder holding one (default: current folder).", Arity = ArgumentArity.ZeroOrOne };
        var policy = PolicyOption();
        var format = CliApp.FormatOption();
        var output = OutputOption();
        var offline = new Option<bool>("--offline") { Description = "No online look-ups (the default; kept for scripts that say so)." };
        var online = new Option<bool>("--online") { Description = "Also ask the project's package sources about deprecation, vulnerabilities, the latest version's license and owners (cached for 24 h)." };
        var noRestore = new Option<bool>("--no-restore") { Description = "Never run 'dotnet restore', even when project.assets.json is missing." };
        var command = new Command("check", "Check the packages and model files of a project against the policy.") { path, policy, format, output, offline, online, noRestore };
        command.SetAction(parse =>
        {
            if (parse.GetValue(online) && parse.GetValue(offline))
            {
                throw new UsageException("--online and --offline contradict each other; give one of them.");
            }

            var project = ProjectLocator.Resolve(parse.GetValue(path));
            var options = new CheckOptions
            {
                ProjectPath = project,
                PolicyPath = ExistingFile(parse.GetValue(policy), "--policy"),
                DiscoverModelsInProject = true,
                Offline = !parse.GetValue(online),
                Progress = StderrProgress.IfTerminal(),
            };
            InputPreflight.Check(options);
            ProjectLocator.EnsureRestored(project, parse.GetValue(noRestore));
            var report = TrustCheckEngine.Check(options);
            (options.Progress as StderrProgress)?.Clear();
            return CliApp.Emit(report, parse.GetValue(format)!, parse.GetValue(output));
        });
        return command;
    }

    public static Command Scan()
    {
        var paths = new Argument<string[]>("paths") { Description = "Model files or folders (recursive).", Arity = ArgumentArity.OneOrMore };
        var policy = PolicyOption();
        var format = CliApp.FormatOption();
        var output = OutputOption();
        var command = new Command("scan", "Inspect model files and folders; no project needed.") { paths, policy, format, output };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths)!;
            foreach (var input in inputs)
            {
                if (!File.Exists(input) && !Directory.Exists(input))
                {
                    throw new UsageException($"'{input}' does not exist.");
                }
            }

            var options = new CheckOptions { PolicyPath = ExistingFile(parse.GetValue(policy), "--policy") };
            options.ModelPaths.AddRange(inputs);
            InputPreflight.Check(options);
            return CliApp.Emit(TrustCheckEngine.Check(options), parse.GetValue(format)!, parse.GetValue(output));
        });
        return command;
    }

    public static Command Lock()
    {
        var path = new Argument<string?>("path") { Description = "Project file or folder (default: current folder).", Arity = ArgumentArity.ZeroOrOne };
        var policy = PolicyOption();
        var command = new Command("lock", "Write or refresh trustcheck.lock.json (model hashes and package license snapshot).") { path, policy };
        command.SetAction(parse =>
        {
            var project = ProjectLocator.Resolve(parse.GetValue(path));
            var options = new CheckOptions
            {
                ProjectPath = project,
                PolicyPath = ExistingFile(parse.GetValue(policy), "--policy"),
                DiscoverModelsInProject = true,
            };
            InputPreflight.Check(options);
            ProjectLocator.EnsureRestored(project, noRestore: false);
            var report = TrustCheckEngine.Lock(options);
            var lockPath = TrustCheckEngine.LockPathFor(options);
            Console.Out.WriteLine($"Wrote {lockPath}: {report.Packages.Count} packages, {report.Models.Count} models.");
            return CliApp.ExitOk;
        });
        return command;
    }

    public static Command Explain()
    {
        var id = new Argument<string>("rule") { Description = "Rule id, e.g. TC3010." };
        var command = new Command("explain", "Show a rule's documentation.") { id };
        command.SetAction(parse =>
        {
            var ruleId = parse.GetValue(id)!.Trim().ToUpperInvariant();
            if (!RuleCatalog.TryGet(ruleId, out var rule))
            {
                throw new UsageException($"unknown rule '{ruleId}'. Rules: {string.Join(", ", RuleCatalog.All.Select(r => r.Id))}.");
            }

            var page = Path.Combine(AppContext.BaseDirectory, "rules", rule.Id + ".md");
            Console.Out.WriteLine(File.Exists(page)
                ? File.ReadAllText(page)
                : $"{rule.Id}: {rule.Title} (default: {rule.DefaultSeverity.ToName()})\n{rule.HelpLink}");
            return CliApp.ExitOk;
        });
        return command;
    }

    public static Command Init()
    {
        var force = new Option<bool>("--force") { Description = "Overwrite an existing trustcheck.json." };
        var command = new Command("init", "Write a commented starter trustcheck.json in the current folder.") { force };
        command.SetAction(parse =>
        {
            var target = Path.Combine(Directory.GetCurrentDirectory(), Core.Policy.PolicyLoader.FileName);
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new UsageException($"{target} already exists (use --force to overwrite).");
            }

            File.WriteAllText(target, StarterPolicy.Text);
            Console.Out.WriteLine($"Wrote {target}.");
            return CliApp.ExitOk;
        });
        return command;
    }

    private static Option<string?> PolicyOption() => new("--policy") { Description = "Policy file (default: nearest trustcheck.json up the folder tree)." };

    private static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write the report to this file instead of stdout." };

    private static string? ExistingFile(string? path, string option) =>
        path is null || File.Exists(path) ? path : throw new UsageException($"{option} '{path}' does not exist.");
}
