using TrustCheck.Core.Projects;

namespace TrustCheck.Cli;

/// <summary>
/// What the PATH argument of check, lock and init names: one project (a project file, or a folder holding exactly one at
/// its top), or a set of projects (a .sln/.slnx, a folder holding one solution, or a folder whose projects sit below it).
/// </summary>
internal sealed record CheckTarget(string? Project, ProjectSet? Set)
{
    /// <summary>Bounds the folder walk: a folder with millions of files must not stall the command.</summary>
    private const int MaxFoldersPerWalk = 100_000;

    /// <summary>The folder a policy or lock for this target belongs in.</summary>
    public string Folder => Set?.RootDirectory ?? Path.GetDirectoryName(Project!)!;

    /// <summary>The name shown in messages (project or solution file name, or the folder's name).</summary>
    public string Name => Set is null ? Path.GetFileName(Project!) : Path.GetFileName(Set.SolutionPath ?? Path.TrimEndingDirectorySeparator(Set.RootDirectory));

    public static CheckTarget Resolve(string? argument) =>
        TryResolve(argument)
        ?? throw new UsageException($"no project or solution in '{argument ?? Directory.GetCurrentDirectory()}'. Pass a .csproj, a .sln/.slnx or a folder with projects, or use 'trustcheck scan' for model files.");

    /// <summary>As <see cref="Resolve"/>, but null for a folder without any project (a folder of models).</summary>
    public static CheckTarget? TryResolve(string? argument)
    {
        var path = Path.GetFullPath(argument ?? Directory.GetCurrentDirectory());
        if (File.Exists(path))
        {
            return SolutionFile.IsSolution(path) ? FromSolution(path) : new CheckTarget(path, null);
        }

        if (!Directory.Exists(path))
        {
            throw new UsageException($"'{argument}' does not exist.");
        }

        var solutions = Directory.GetFiles(path).Where(SolutionFile.IsSolution).Order(StringComparer.Ordinal).ToList();
        if (solutions.Count > 1)
        {
            throw new UsageException($"'{argument ?? path}' holds several solutions ({string.Join(", ", solutions.Select(Path.GetFileName))}); pass the one to check.");
        }

        if (solutions.Count == 1)
        {
            return FromSolution(solutions[0]);
        }

        // One project at the top is that project, as before; otherwise every project below the folder.
        var topProjects = Directory.GetFiles(path, "*.*proj").Where(SolutionFile.IsProject).ToList();
        if (topProjects.Count == 1)
        {
            return new CheckTarget(topProjects[0], null);
        }

        var projects = ProjectsBelow(path);
        return projects.Count == 0 ? null : new CheckTarget(null, new ProjectSet { RootDirectory = path, Projects = projects });
    }

    private static CheckTarget FromSolution(string solution)
    {
        var full = Path.GetFullPath(solution);
        return new CheckTarget(null, new ProjectSet
        {
            RootDirectory = Path.GetDirectoryName(full)!,
            SolutionPath = full,
            Projects = SolutionFile.ReadProjects(full),
        });
    }

    /// <summary>Project files below <paramref name="root"/>, skipping bin/, obj/ and hidden folders (.git, .vs …); ordinal-sorted.</summary>
    private static List<string> ProjectsBelow(string root)
    {
        var projects = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        var visited = 0;
        while (pending.Count > 0 && visited++ < MaxFoldersPerWalk)
        {
            var folder = pending.Pop();
            try
            {
                projects.AddRange(Directory.EnumerateFiles(folder, "*.*proj").Where(SolutionFile.IsProject));
                foreach (var child in Directory.EnumerateDirectories(folder))
                {
                    var name = Path.GetFileName(child);
                    if (name.StartsWith('.') || name.Equals("bin", StringComparison.OrdinalIgnoreCase) || name.Equals("obj", StringComparison.OrdinalIgnoreCase)
                        || new DirectoryInfo(child).LinkTarget is not null)
                    {
                        continue;
                    }

                    pending.Push(child);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder holds no project we can check; the others still count.
            }
        }

        projects.Sort(StringComparer.Ordinal);
        return projects;
    }
}
