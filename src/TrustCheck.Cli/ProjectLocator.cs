using System.Diagnostics;

namespace TrustCheck.Cli;

/// <summary>Restores a project, or the projects of a solution or folder, when their restore output is missing (<see cref="CheckTarget"/> finds them).</summary>
internal static class ProjectLocator
{
    /// <summary>One project file, for commands that take exactly one project; a solution or a folder of projects is a usage error.</summary>
    public static string Resolve(string? argument) => TryResolve(argument)
        ?? throw new UsageException($"no project file in '{argument ?? Directory.GetCurrentDirectory()}'. Pass a .csproj, or use 'trustcheck scan' for model files.");

    /// <summary>As <see cref="Resolve"/>, but null for a folder without any project (a folder of models).</summary>
    public static string? TryResolve(string? argument) => CheckTarget.TryResolve(argument) switch
    {
        null => null,
        { Project: { } project } => project,
        { Name: var name } => throw new UsageException($"'{name}' holds several projects; this command takes one project file."),
    };

    /// <summary>Runs 'dotnet restore' only when obj/project.assets.json is missing and restoring is allowed.</summary>
    public static void EnsureRestored(string projectPath, bool noRestore)
    {
        var assets = AssetsOf(projectPath);
        if (noRestore || File.Exists(assets) || !projectPath.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Console.Error.WriteLine($"trustcheck: {assets} is missing; running 'dotnet restore'…");
        Restore(projectPath);
    }

    /// <summary>
    /// Restores the projects of a set that have no restore output: the solution once (restore walks all its projects), then
    /// any project still without output (a solution restore stops early when, say, a listed project is missing) one by one.
    /// </summary>
    public static void EnsureRestored(Core.Projects.ProjectSet set, bool noRestore)
    {
        List<string> Unrestored() => set.Projects.Where(p => File.Exists(p) && !File.Exists(AssetsOf(p))).ToList();
        var missing = Unrestored();
        if (noRestore || missing.Count == 0)
        {
            return;
        }

        if (set.SolutionPath is { } solution)
        {
            Console.Error.WriteLine($"trustcheck: {missing.Count} of {set.Projects.Count} projects have no restore output; running 'dotnet restore {Path.GetFileName(solution)}'…");
            Restore(solution);
            missing = Unrestored();
        }

        foreach (var project in missing)
        {
            Console.Error.WriteLine($"trustcheck: {AssetsOf(project)} is missing; running 'dotnet restore'…");
            Restore(project);
        }
    }

    private static string AssetsOf(string projectPath) => Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json");

    /// <summary>A failed restore is not fatal here: the check reports what is missing (TC9003) or did not resolve (TC9006).</summary>
    private static void Restore(string projectOrSolution)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", projectOrSolution, "--verbosity", "quiet"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }
}
