using TrustCheck.Core.Inventory;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>The package folders one build has looked at (the MSBuild task keeps one scope per build), on real restore output.</summary>
[Collection(RestoredProjectCollection.Name)]
public class PackageFolderScopeTests(RestoredProject project)
{
    private static Report Check(string projectPath, PackageFolderScope? scope, bool useCaches = true) => TrustCheckEngine.Check(new CheckOptions
    {
        ProjectPath = projectPath,
        WorkingDirectory = Path.GetDirectoryName(projectPath),
        PackageFolderScope = scope,
        UseCaches = useCaches,
    });

    private static IEnumerable<ReportFinding> Missing(Report report) =>
        report.Findings.Where(f => f.RuleId == RuleIds.RestoreOutputMissing && f.Subject == "OllamaSharp@5.5.2");

    [Fact]
    public void Within_one_build_a_package_folder_is_looked_at_once_and_the_next_build_looks_again()
    {
        string? packages = null;
        var projectPath = project.CopyWithEditedPackages(folder => packages = folder);
        var build = new PackageFolderScope();
        Assert.Empty(Missing(Check(projectPath, build)));

        // Gone after the first project looked: the rest of that build goes by what it saw, with no probe or stat.
        Directory.Delete(Path.Combine(packages!, "ollamasharp"), recursive: true);
        var sameBuild = Check(projectPath, build);
        Assert.Empty(Missing(sameBuild));
        Assert.Equal("MIT", sameBuild.Packages.Single(p => p.Id == "OllamaSharp").License.Expression);

        // A new build (a new scope), no scope at all, or caches off: the folder is looked at again.
        Assert.Single(Missing(Check(projectPath, new PackageFolderScope())));
        Assert.Single(Missing(Check(projectPath, scope: null)));
        Assert.Single(Missing(Check(projectPath, build, useCaches: false)));
    }

    [Fact]
    public void Facts_with_problems_are_looked_at_again_in_the_same_build()
    {
        string? packages = null;
        var projectPath = project.CopyWithEditedPackages(folder =>
        {
            packages = folder;
            File.WriteAllText(Path.Combine(folder, "ollamasharp", "5.5.2", "ollamasharp.nuspec"), "<package><metadata>");
        });
        var build = new PackageFolderScope();
        Assert.Contains(Check(projectPath, build).Findings, f => f.RuleId == RuleIds.InternalError && f.Subject == "OllamaSharp@5.5.2");

        Directory.Delete(Path.Combine(packages!, "ollamasharp"), recursive: true);

        Assert.Single(Missing(Check(projectPath, build)));
    }
}
