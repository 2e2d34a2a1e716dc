using TrustCheck.Core.Declarations;

namespace TrustCheck.Core.Remote;

/// <summary>
/// <c>&lt;TrustCheckModelReference Include="ollama:llama3.1:8b" /&gt;</c> items as written in a project file and the
/// Directory.Build.props/targets above it, for the CLI (which reads projects without evaluating MSBuild; the MSBuild task gets
/// the evaluated items instead).
/// </summary>
public static class DeclaredReferences
{
    public const string ItemName = "TrustCheckModelReference";

    private static readonly IReadOnlySet<string> ItemNames = new HashSet<string>(StringComparer.Ordinal) { ItemName };

    public static IReadOnlyList<string> Read(string projectFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var files = new[] { projectFile, MsBuildXml.FindUp(directory, "Directory.Build.props"), MsBuildXml.FindUp(directory, "Directory.Build.targets") };
        return files.OfType<string>()
            .SelectMany(f => MsBuildXml.Items(f, ItemNames))
            .SelectMany(e => e.ItemSpecs("Include"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
