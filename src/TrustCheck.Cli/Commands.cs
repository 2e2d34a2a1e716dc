using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Remote;
using TrustCheck.Core.Rules;

namespace TrustCheck.Cli;

internal static class Commands
{
    public static Command Check()
    {
        var path = new Argument<string?>("path") { Description = TargetDescription, Arity = ArgumentArity.ZeroOrOne };
        var policy = PolicyOption();
        var format = CliApp.FormatOption();
        var output = OutputOption();
        var offline = new Option<bool>("--offline") { Description = "No online look-ups (the default; kept for scripts that say so)." };
        var online = new Option<bool>("--online") { Description = "Also ask the project's package sources about deprecation, vulnerabilities, the latest version's license and owners, and resolve hf: references the local cache lacks through the Hugging Face hub (cached for 24 h)." };
        var noRestore = new Option<bool>("--no-restore") { Description = "Never run 'dotnet restore', even when project.assets.json is missing." };
        var noCache = NoCacheOption();
        var reference = ReferenceOption();
        var command = new Command("check", "Check the packages and model files of a project against the policy.") { path, policy, format, output, offline, online, noRestore, noCache, reference };
        command.SetAction(parse =>
        {
            if (parse.GetValue(online) && parse.GetValue(offline))
            {
                throw new UsageException("--online and --offline contradict each other; give one of them.");
            }

            var target = CheckTarget.Resolve(parse.GetValue(path));
            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions
            {
                ProjectPath = target.Project,
                PolicyPath = ExistingFile(parse.GetValue(policy), "--policy"),
                DiscoverModelsInProject = true,
                Offline = !parse.GetValue(online),
                UseCaches = !parse.GetValue(noCache),
                Progress = progress,
                RestoreOutputRequired = true,
            };
            options.ModelReferences.AddRange(ModelReferenceArguments.Validate(DeclaredReferencesOf(target).Concat(parse.GetValue(reference) ?? [])));
            var report = Run(target, options, parse.GetValue(noRestore), writesLock: false);
            progress?.Dispose();
            return CliApp.Emit(report, parse.GetValue(format)!, parse.GetValue(output));
        });
        return command;
    }

    public static Command Scan()
    {
        var paths = new Argument<string[]>("paths") { Description = "Model files or folders (recursive), or model references: ollama:NAME[:TAG], hf:ORG/NAME[@REVISION], bare ollama: / hf: for a whole store.", Arity = ArgumentArity.OneOrMore };
        var policy = PolicyOption();
        var format = CliApp.FormatOption();
        var output = OutputOption();
        var online = HubOnlineOption();
        var command = new Command("scan", "Inspect model files and folders, or models in the Ollama store / Hugging Face cache; no project needed.") { paths, policy, format, output, online };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths)!;
            var references = ModelReferenceArguments.Validate(inputs.Where(ModelReference.LooksLikeReference));
            foreach (var input in inputs.Where(i => !ModelReference.LooksLikeReference(i)))
            {
                if (FileKindProbe.Probe(Path.GetFullPath(input)) == FileKind.Missing)
                {
                    throw new UsageException($"'{input}' does not exist.");
                }
            }

            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions { PolicyPath = ExistingFile(parse.GetValue(policy), "--policy"), Progress = progress, Offline = !parse.GetValue(online) };
            options.ModelPaths.AddRange(inputs.Where(i => !ModelReference.LooksLikeReference(i)));
            options.ModelReferences.AddRange(references);
            InputPreflight.Check(options);
            var report = TrustCheckEngine.Check(options);
            progress?.Dispose();
            return CliApp.Emit(report, parse.GetValue(format)!, parse.GetValue(output));
        });
        return command;
    }

    public static Command Lock()
    {
        var path = new Argument<string?>("path") { Description = TargetDescription, Arity = ArgumentArity.ZeroOrOne };
        var policy = PolicyOption();
        var reference = ReferenceOption();
        var online = HubOnlineOption();
        var command = new Command("lock", "Write or refresh trustcheck.lock.json (model hashes, remote model digests and package license snapshot); one lock in the solution's folder for a solution.") { path, policy, reference, online };
        command.SetAction(parse =>
        {
            var target = CheckTarget.Resolve(parse.GetValue(path));
            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions
            {
                ProjectPath = target.Project,
                PolicyPath = ExistingFile(parse.GetValue(policy), "--policy"),
                DiscoverModelsInProject = true,
                Progress = progress,
                Offline = !parse.GetValue(online),
            };
            options.ModelReferences.AddRange(ModelReferenceArguments.Validate(DeclaredReferencesOf(target).Concat(parse.GetValue(reference) ?? [])));
            var report = Run(target, options, noRestore: false, writesLock: true);
            progress?.Dispose();
            var lockPath = target.Set?.LockFilePath ?? TrustCheckEngine.LockPathFor(options);
            var projects = report.Projects is { } list ? $"{StarterPolicyBuilder.Count(list.Count, "project")}, " : "";
            Console.Out.WriteLine($"Wrote {lockPath}: {projects}{report.Packages.Count} packages, {report.Models.Count} models.");
            return CliApp.ExitOk;
        });
        return command;
    }

    public static Command Explain()
    {
        var id = new Argument<string>("rule") { Description = "Rule id, e.g. TC3010 (any case)." };
        var command = new Command("explain", "Show a rule's documentation.") { id };
        command.SetAction(parse =>
        {
            var ruleId = parse.GetValue(id)!.Trim().ToUpperInvariant();
            if (!RuleCatalog.TryGet(ruleId, out var rule))
            {
                throw new UsageException($"unknown rule '{ruleId}'. Rules: {string.Join(", ", RuleCatalog.All.Select(r => r.Id))}.");
            }

            // The pages ship beside the tool (rules/*.md); a build without them still has the catalog entry.
            var page = Path.Combine(AppContext.BaseDirectory, "rules", rule.Id + ".md");
            var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
            Console.Out.Write(File.Exists(page)
                ? RuleDocRenderer.Render(File.ReadAllText(page), color)
                : $"{rule.Id}: {rule.Title} (default: {rule.DefaultSeverity.ToName()})\n{rule.HelpLink}\n");
            return CliApp.ExitOk;
        });
        return command;
    }

    public static Command Init()
    {
        var path = new Argument<string?>("path") { Description = TargetDescription + " A folder of model files only is fine too.", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing trustcheck.json." };
        var command = new Command("init", "Write a commented trustcheck.json that allows what the project uses today (licenses, model formats, openness).") { path, force };
        command.SetAction(parse =>
        {
            var argument = parse.GetValue(path);
            var target = CheckTarget.TryResolve(argument);
            var project = target?.Project;
            var folder = target?.Folder ?? Path.GetFullPath(argument ?? Directory.GetCurrentDirectory());
            var policyFile = Path.Combine(folder, Core.Policy.PolicyLoader.FileName);
            if (File.Exists(policyFile) && !parse.GetValue(force))
            {
                throw new UsageException($"{policyFile} already exists (use --force to overwrite).");
            }

            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions
            {
                ProjectPath = project,
                DiscoverModelsInProject = target is not null,
                Offline = true,
                // The file being written becomes this project's policy: look at the project without any existing one.
                Policy = StarterPolicyBuilder.ProbePolicy(),
                Progress = progress,
                WorkingDirectory = folder,
            };
            Core.Reporting.Report report;
            if (target is null)
            {
                options.ModelPaths.Add(folder);
                InputPreflight.Check(options);
                report = TrustCheckEngine.Check(options);
            }
            else
            {
                report = Run(target, options, noRestore: false, writesLock: false);
            }

            progress?.Dispose();
            var lockExists = target?.Set is { } set ? File.Exists(set.LockFilePath) : File.Exists(TrustCheckEngine.LockPathFor(options));
            var starter = StarterPolicyBuilder.Build(report, target?.Name ?? Path.GetFileName(folder), lockExists);
            var problems = Core.Policy.PolicyLoader.Parse(System.Text.Encoding.UTF8.GetBytes(starter.Text), policyFile).Problems;
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"the generated policy does not load: {problems[0].Message}");
            }

            File.WriteAllText(policyFile, starter.Text);
            Console.Out.WriteLine($"Wrote {policyFile}: allows {string.Join(", ", starter.AllowedLicenses.DefaultIfEmpty("no license yet"))} "
                + $"({StarterPolicyBuilder.Count(report.Packages.Count, "package")}, {StarterPolicyBuilder.Count(report.Models.Count, "model")}) and formats {string.Join(", ", starter.Formats)}.");
            if (starter.UnknownPackageLicenses + starter.UnknownModelLicenses > 0)
            {
                var unknown = new[]
                {
                    starter.UnknownPackageLicenses > 0 ? $"{StarterPolicyBuilder.Count(starter.UnknownPackageLicenses, "package")} (see the comments in packages.overrides)" : null,
                    starter.UnknownModelLicenses > 0 ? StarterPolicyBuilder.Count(starter.UnknownModelLicenses, "model") : null,
                };
                Console.Out.WriteLine($"No identifiable license: {string.Join(", ", unknown.OfType<string>())}. Review them; 'trustcheck check' lists each one.");
            }

            return CliApp.ExitOk;
        });
        return command;
    }

    internal const string TargetDescription = "A project file, a .sln/.slnx, or a folder: its one project or solution, else every project below it (default: current folder).";

    /// <summary>
    /// Preflight, restore, run: one project as before, or every project of a solution or folder in one run with one report.
    /// Restore runs only for what has no restore output (a solution once, not each project).
    /// </summary>
    internal static Core.Reporting.Report Run(CheckTarget target, CheckOptions options, bool noRestore, bool writesLock)
    {
        if (target.Set is { } projects)
        {
            InputPreflight.Check(options, projects, writesLock);
            ProjectLocator.EnsureRestored(projects, noRestore);
            return writesLock ? TrustCheckEngine.Lock(options, projects) : TrustCheckEngine.Check(options, projects);
        }

        InputPreflight.Check(options);
        ProjectLocator.EnsureRestored(target.Project!, noRestore);
        return writesLock ? TrustCheckEngine.Lock(options) : TrustCheckEngine.Check(options);
    }

    /// <summary>The TrustCheckModelReference items of a single project (a solution's projects' items are read per project by the engine).</summary>
    private static IReadOnlyList<string> DeclaredReferencesOf(CheckTarget target) =>
        target.Project is { } project ? DeclaredReferences.Read(project) : [];

    private static Option<string[]> ReferenceOption() => new("--reference")
    {
        Description = "A remote model to check and lock beside the project's TrustCheckModelReference items (ollama:NAME[:TAG], hf:ORG/NAME[@REVISION]); repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>For scan and lock, online means only this: hf: references the local cache lacks are resolved through the hub's API.</summary>
    private static Option<bool> HubOnlineOption() => new("--online")
    {
        Description = "Resolve hf: references that are not in the local Hugging Face cache through the hub's model API (HF_ENDPOINT, default https://huggingface.co): commit, file hashes, card license; cached for 24 h.",
    };

    private static Option<string?> PolicyOption() => new("--policy") { Description = "Policy file (default: nearest trustcheck.json up the folder tree)." };

    private static Option<bool> NoCacheOption() => new("--no-cache")
    {
        Description = "Use and write no cache: model hashes are computed again and online answers fetched again (with --online).",
    };

    private static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write the report to this file instead of stdout." };

    private static string? ExistingFile(string? path, string option) => path is null
        ? null
        : FileKindProbe.Probe(Path.GetFullPath(path)) switch
        {
            FileKind.Missing => throw new UsageException($"{option} '{path}' does not exist."),
            FileKind.Directory => throw new UsageException($"{option} '{path}' is not a regular file (directory), not read."),
            // FIFOs, devices, link loops: the loader names the kind in its usual one-line error, without opening it.
            _ => path,
        };
}
