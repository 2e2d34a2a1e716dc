using TrustCheck.Core.FileSystem;
using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.Diff;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Cli;

/// <summary>
/// `trustcheck diff PATH --base GITREF|LOCK|REPORT`: what a change brings against its base (docs/pull-requests.md).
/// The current state is a fresh check; the base is read from a file or from git, never from the work tree.
/// </summary>
internal static class DiffCommand
{
    private static readonly string[] Formats = ["text", "json", "markdown", "sarif"];
    private static readonly string[] FailOn = ["new-errors", "never"];
    private const long MaxBaseFileBytes = 64 * 1024 * 1024;

    public static Command Create()
    {
        var path = new Argument<string?>("path") { Description = Commands.TargetDescription, Arity = ArgumentArity.ZeroOrOne };
        var baseOption = new Option<string>("--base")
        {
            Description = "What to compare with: a git ref (its trustcheck.lock.json is read with 'git show'), REF:path/report.json, or a lock file or JSON report on disk.",
            Required = true,
        };
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: nearest trustcheck.json up the folder tree)." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text (default), json, markdown, sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the diff to this file instead of stdout." };
        var failOn = new Option<string>("--fail-on") { Description = "new-errors (default): exit 1 when the change brings a new error finding; never: always exit 0.", DefaultValueFactory = _ => "new-errors" };
        failOn.AcceptOnlyFromAmong(FailOn);
        var noRestore = new Option<bool>("--no-restore") { Description = "Never run 'dotnet restore', even when project.assets.json is missing." };
        var command = new Command("diff", "Show what a change brings against a base: packages, models and findings added, changed or fixed.")
        {
            path, baseOption, policy, format, output, failOn, noRestore,
        };
        command.SetAction(parse =>
        {
            var target = CheckTarget.Resolve(parse.GetValue(path));
            var policyPath = parse.GetValue(policy);
            if (policyPath is not null && !File.Exists(policyPath))
            {
                throw new UsageException($"--policy '{policyPath}' does not exist.");
            }

            using var progress = TerminalProgress.ForStandardError();
            var options = new CheckOptions { ProjectPath = target.Project, PolicyPath = policyPath, DiscoverModelsInProject = true, Progress = progress };
            // A solution or folder has one lock at its root (the one `trustcheck lock` writes): that is its base.
            var lockPath = target.Set?.LockFilePath ?? TrustCheckEngine.LockPathFor(options);
            var baseState = ReadBase(parse.GetValue(baseOption)!, lockPath);
            var report = Commands.Run(target, options, parse.GetValue(noRestore), writesLock: false);
            progress?.Dispose();

            var workingDirectory = Directory.GetCurrentDirectory();
            var anchor = Path.GetDirectoryName(lockPath)!;
            var diff = ProjectDiffer.Compare(report, baseState, workingDirectory, anchor);
            Write(diff, parse.GetValue(format)!, parse.GetValue(output));
            return parse.GetValue(failOn) == "new-errors" && diff.HasNewErrors ? CliApp.ExitFindings : CliApp.ExitOk;
        });
        return command;
    }

    /// <summary>A file on disk wins over a ref of the same name; then REF:path; then a ref's lock (no lock there = an empty base).</summary>
    private static DiffBase ReadBase(string argument, string lockPath)
    {
        if (File.Exists(argument))
        {
            if (new FileInfo(argument).Length > MaxBaseFileBytes)
            {
                throw new UsageException($"--base '{argument}' is larger than {MaxBaseFileBytes / (1024 * 1024)} MB; that is not a lock file or report.");
            }

            return Parse(argument, RegularFile.ReadAllText(argument, MaxBaseFileBytes));
        }

        var git = GitBaseReader.Open(Path.GetDirectoryName(lockPath)!)
            ?? throw new UsageException($"--base '{argument}' is not a file, and {Path.GetDirectoryName(lockPath)} is not in a git repository (or git is not installed).");
        var colon = argument.IndexOf(':');
        if (colon > 0 && git.IsCommit(argument[..colon]))
        {
            var (reference, file) = (argument[..colon], argument[(colon + 1)..]);
            var text = git.Show(reference, file) ?? throw new UsageException($"--base '{argument}': {reference} has no file '{file}' (paths are from the repository root).");
            return Parse(argument, text);
        }

        if (!git.IsCommit(argument))
        {
            throw new UsageException($"--base '{argument}' is neither a file nor a git ref in {git.RepositoryRoot}.");
        }

        var lockText = git.Show(argument, git.PathFromRoot(lockPath));
        return lockText is null ? DiffBase.Empty(argument) : Parse(argument, lockText);
    }

    private static DiffBase Parse(string label, string json)
    {
        try
        {
            return DiffBase.Parse(label, json);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--base {ex.Message}.");
        }
    }

    private static void Write(ProjectDiff diff, string format, string? outputPath)
    {
        using var writer = outputPath is null ? Console.Out : CliApp.OpenOutput(outputPath);
        switch (format)
        {
            case "json":
                writer.WriteLine(DiffJsonWriter.Serialize(diff));
                break;
            case "markdown":
                writer.Write(DiffMarkdownWriter.Serialize(diff));
                break;
            case "sarif":
                writer.WriteLine(SarifReportWriter.Serialize(diff.Current, baseline: new SarifBaseline(diff.Findings.States, diff.Findings.Fixed)));
                break;
            default:
                DiffTextWriter.Write(diff, writer);
                break;
        }

        writer.Flush();
    }
}
