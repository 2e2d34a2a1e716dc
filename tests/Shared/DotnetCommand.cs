using System.Diagnostics;

namespace TrustCheck.Tests;

/// <summary>Any real <c>dotnet</c> command (new, sln, restore) in a folder; throws with its output on failure.</summary>
public static class DotnetCommand
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error}");
        }

        return output.Result;
    }
}
