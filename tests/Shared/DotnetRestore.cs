using System.Diagnostics;

namespace TrustCheck.Tests;

/// <summary>A real <c>dotnet restore</c> of a test project, from the package source configured here; throws with its output on failure.</summary>
public static class DotnetRestore
{
    public static void Run(string project, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", project, "--verbosity", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(project))!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet restore of {project} failed ({process.ExitCode}): {output.Result}{error}");
        }
    }
}
