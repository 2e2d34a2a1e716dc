namespace TrustCheck.Core.Projects;

/// <summary>
/// Several projects checked as one: a solution's projects, or every project below a folder. One report, one lock at
/// <see cref="RootDirectory"/>, each package folder and model file read once however many projects use it.
/// </summary>
public sealed class ProjectSet
{
    /// <summary>The solution's folder, or the folder that was walked for projects: where `trustcheck lock` writes the lock.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The .sln or .slnx the projects came from; null for a folder of projects.</summary>
    public string? SolutionPath { get; init; }

    /// <summary>Full paths of the project files, in a stable order. A project the solution names but that does not exist stays here: it becomes a finding.</summary>
    public required IReadOnlyList<string> Projects { get; init; }

    /// <summary>The lock every project of a `lock` run writes to, and the default for projects without a nearer one.</summary>
    public string LockFilePath => Path.Combine(RootDirectory, Provenance.TrustCheckLock.FileName);
}
