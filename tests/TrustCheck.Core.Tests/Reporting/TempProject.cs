using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>A real project written to a temporary folder and restored with `dotnet restore` (packages from the machine's feed).</summary>
public sealed class TempProject
{
    public const string ProjectName = "App.csproj";

    public TempProject(string prefix, IReadOnlyDictionary<string, string> files, bool restore = true)
    {
        Directory = TestPaths.NewTempDirectory(prefix);
        foreach (var (relative, content) in files)
        {
            Write(relative, content);
        }

        if (restore)
        {
            Restore();
        }
    }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, ProjectName);

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Directory, relative));

    /// <summary>Runs the engine on the project, paths relative to its folder, with <paramref name="policy"/> as trustcheck.json.</summary>
    public Report Check(string policy, bool discoverModels = false)
    {
        Write("trustcheck.json", policy);
        return TrustCheckEngine.Check(new CheckOptions
        {
            ProjectPath = ProjectPath,
            WorkingDirectory = Directory,
            LockFilePath = Path.Combine(Directory, TrustCheckLock.FileName),
            DiscoverModelsInProject = discoverModels,
        });
    }

    /// <summary>1-based line and column of the '&lt;' of the first line containing <paramref name="text"/>.</summary>
    public (int Line, int Column) Position(string relative, string text)
    {
        var lines = Read(relative).Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' is not in {relative}");
        return (index + 1, lines[index].IndexOf('<') + 1);
    }

    private void Restore() => DotnetRestore.Run(ProjectPath, Directory);
}
