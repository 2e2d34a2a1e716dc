using System.Diagnostics;
using TrustCheck.Cli;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real trustcheck.dll in its own process, as users do (exit code, stdout, stderr).</summary>
public static class CliRunner
{
    private static readonly string CliPath = typeof(CliApp).Assembly.Location;

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (e.g. TRUSTCHECK_CACHE_DIR for a private online cache).</summary>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"trustcheck {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static CliResult RunInRepo(params string[] args) => Run(TestPaths.RepoRoot, args);
}

/// <summary>The CLI process tests share samples/ModelApp (restored by the first check), so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliProcessCollection
{
    public const string Name = "cli processes";
}
