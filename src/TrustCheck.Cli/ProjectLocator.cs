using System.Diagnostics;

namespace TrustCheck.Cli;

/// <summary>Turns the CLI's PROJECT|DIR argument into a project file, and restores it when its assets are missing.</summary>
internal static class ProjectLocator
{
    public static string Resolve(string? argument) =>
        TryResolve(argument)
        ?? throw new UsageException($"no project file in '{argument ?? Directory.GetCurrentDirectory()}'. Pass a .csproj, or use 'trustcheck scan' for model files.");

    /// <summary>As <see cref="Resolve"/>, but null for a folder without a project file (a folder of models).</summary>
    public static string? TryResolve(string? argument)
    {
        var path = Path.GetFullPath(argument ?? Directory.GetCurrentDirectory());
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new UsageException($"'{argument}' does not exist.");
        }

        var projects = Directory.GetFiles(path, "*.*proj");
        return projects.Length switch
        {
            1 => projects[0],
            0 => null,
            _ => throw new UsageException($"'{argument ?? path}' holds several project files; pass one of them."),
        };
    }

    /// <summary>Runs 'dotnet restore' only when obj/project.assets.json is missing and restoring is allowed.</summary>
    public static void EnsureRestored(string projectPath, bool noRestore)
    {
        var assets = Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json");
        if (noRestore || File.Exists(assets) || !projectPath.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Console.Error.WriteLine($"trustcheck: {assets} is missing; running 'dotnet restore'…");
        var start = new ProcessStartInfo("dotnet", ["restore", projectPath, "--verbosity", "quiet"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }
}
