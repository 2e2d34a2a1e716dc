using System.Diagnostics;
using TrustCheck.Cli;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real trustcheck.dll in its own process, as users do (exit code, stdout, stderr).</summary>
public static class CliRunner
{
    private static readonly string CliPath = typeof(CliApp).Assembly.Location;

    /// <summary>
    /// TRUSTCHECK_CLI_EXE runs the tests against another build of the CLI, e.g. the installed Native AOT tool
    /// (docs/tool-package.md); by default they run the trustcheck.dll these tests were built with.
    /// </summary>
    private static readonly string? NativeCli = Environment.GetEnvironmentVariable("TRUSTCHECK_CLI_EXE") is { Length: > 0 } exe ? exe : null;

    private static string Launcher => NativeCli ?? "dotnet";

    private static IEnumerable<string> WithCli(string[] args) => NativeCli is null ? [CliPath, .. args] : args;

    public static CliResult Run(string workingDirectory, params string[] args) =>
        RunProcess(Launcher, workingDirectory, WithCli(args));

    /// <summary>Runs with extra environment variables (e.g. TRUSTCHECK_CACHE_DIR for a private online cache).</summary>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProcess(Launcher, workingDirectory, WithCli(args), environment);

    public static CliResult RunInRepo(params string[] args) => Run(TestPaths.RepoRoot, args);

    /// <summary>Fails (instead of hanging CI) when the CLI does not finish within <paramref name="timeout"/>.</summary>
    public static CliResult RunWithin(TimeSpan timeout, string workingDirectory, params string[] args) =>
        RunProcess(Launcher, workingDirectory, WithCli(args), timeout: timeout);

    /// <summary>Any program (dotnet, an installed tool's launcher) with stdout and stderr redirected and a time limit.</summary>
    public static CliResult RunProcess(string fileName, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(3);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in {limit.TotalSeconds} s");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>The CLI process tests share samples/ModelApp (restored by the first check), so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliProcessCollection
{
    public const string Name = "cli processes";
}
