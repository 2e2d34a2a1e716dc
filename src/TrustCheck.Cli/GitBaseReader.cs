using System.Diagnostics;
using System.Text;

namespace TrustCheck.Cli;

/// <summary>
/// Reads files as they are in a git commit with `git show REF:path`: the work tree, the index and HEAD are never
/// touched, so `trustcheck diff --base origin/main` is safe in a CI checkout and on a developer's dirty tree.
/// </summary>
internal sealed class GitBaseReader
{
    /// <summary>Longest a base file may be: a lock or report bigger than this is not one.</summary>
    private const int MaxBytes = 64 * 1024 * 1024;

    private GitBaseReader(string repositoryRoot) => RepositoryRoot = repositoryRoot;

    public string RepositoryRoot { get; }

    /// <summary>The repository holding <paramref name="directory"/>, or null when it is not in one (or git is missing).</summary>
    public static GitBaseReader? Open(string directory)
    {
        var result = Git(directory, "rev-parse", "--show-toplevel");
        return result is { ExitCode: 0 } ? new GitBaseReader(Path.GetFullPath(result.Output.Trim())) : null;
    }

    public bool IsCommit(string reference) =>
        !reference.StartsWith('-') && Git(RepositoryRoot, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}") is { ExitCode: 0 };

    /// <summary>The file's text at <paramref name="reference"/>; null when the commit has no such file.</summary>
    public string? Show(string reference, string pathFromRoot)
    {
        var spec = $"{reference}:{pathFromRoot.Replace('\\', '/')}";
        if (Git(RepositoryRoot, "cat-file", "-e", spec) is not { ExitCode: 0 })
        {
            return null;
        }

        var result = Git(RepositoryRoot, "show", spec);
        return result is { ExitCode: 0 } ? result.Output : throw new UsageException($"git show {spec} failed: {FirstLine(result?.Error)}");
    }

    /// <summary>
    /// A file in the work tree as git names it in a commit: relative to the repository root, forward slashes. Git says
    /// where its folder is (`rev-parse --show-prefix`), so symlinked temp folders and case differences do not matter.
    /// </summary>
    public string PathFromRoot(string fullPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(fullPath))!;
        var prefix = Directory.Exists(folder) ? Git(folder, "rev-parse", "--show-prefix") : null;
        if (prefix is not { ExitCode: 0 })
        {
            throw new UsageException($"'{fullPath}' is not in the git repository at {RepositoryRoot}.");
        }

        return prefix.Output.Trim() + Path.GetFileName(fullPath);
    }

    private sealed record GitResult(int ExitCode, string Output, string Error);

    private static GitResult? Git(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Never prompt (credentials, pagers): a CI job must not hang on git.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = new StringBuilder();
            var buffer = new char[81920];
            int read;
            while ((read = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxBytes)
                {
                    process.Kill(entireProcessTree: true);
                    throw new UsageException($"git {string.Join(' ', args)}: the output is larger than {MaxBytes / (1024 * 1024)} MB; that is not a lock file or report.");
                }

                output.Append(buffer, 0, read);
            }

            process.WaitForExit();
            return new GitResult(process.ExitCode, output.ToString(), error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }

    private static string FirstLine(string? text) => (text ?? "").Split('\n')[0].Trim();
}
