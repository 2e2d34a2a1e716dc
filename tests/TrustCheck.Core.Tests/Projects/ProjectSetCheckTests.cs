using TrustCheck.Core.Projects;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Tests.Inventory;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Projects;

/// <summary>Several projects with the same real restore output and the same model folder: each package folder and model file is read once.</summary>
[Collection(RestoredProjectCollection.Name)]
public class ProjectSetCheckTests(RestoredProject restored)
{
    [Fact]
    public void Packages_and_model_files_shared_by_projects_are_read_once_and_reported_per_project()
    {
        var root = TestPaths.NewTempDirectory("trustcheck-set");
        var model = Path.Combine(TestPaths.Samples, "ModelApp", "models", "squeezenet");
        var projects = new[] { "One", "Two", "Three" }.Select(name => ProjectWithRestoredAssets(root, name)).ToList();
        var shared = new SharedReads(HashCache.Open(null));
        var options = new CheckOptions { WorkingDirectory = root, Shared = shared, ModelPaths = [model] };

        var report = TrustCheckEngine.Check(options, new ProjectSet { RootDirectory = root, Projects = projects });

        Assert.Equal(3, report.Projects!.Count);
        Assert.Equal(report.Packages.Count, shared.PackageFolderReads);
        Assert.All(report.Packages, p => Assert.Equal(3, p.Projects!.Count));
        var modelFiles = Directory.GetFiles(model).Length;
        Assert.Equal(modelFiles, shared.ModelFileReads);
        Assert.Equal(modelFiles, shared.Hashes.ComputedCount);
        // The model is not locked: each project that ships it hears so once.
        var unlocked = report.Findings.Where(f => f.RuleId == "TC3001").ToList();
        Assert.Equal(["One/One.csproj", "Three/Three.csproj", "Two/Two.csproj"], unlocked.Select(f => f.Data!["project"]).Order(StringComparer.Ordinal));
        // The added fields (projects, packages[].projects) are written by the hand writer exactly as the serializer would.
        Assert.Equal(global::TrustCheck.Core.Reporting.ReportJson.SerializeWithSerializer(report), global::TrustCheck.Core.Reporting.ReportJson.Serialize(report));
        Assert.Contains("\"projects\": [", global::TrustCheck.Core.Reporting.ReportJson.Serialize(report));
    }

    [Fact]
    public void Solution_sarif_and_bom_are_schema_valid_with_the_projects_as_components()
    {
        var root = TestPaths.NewTempDirectory("trustcheck-set-schema");
        var projects = new[] { "One", "Two" }.Select(name => ProjectWithRestoredAssets(root, name)).ToList();
        var solution = Path.Combine(root, "Both.sln");
        var options = new CheckOptions { WorkingDirectory = root, ModelPaths = [Path.Combine(TestPaths.Samples, "ModelApp", "models", "squeezenet")] };

        var report = TrustCheckEngine.Check(options, new ProjectSet { RootDirectory = root, SolutionPath = solution, Projects = projects });

        var sarif = global::TrustCheck.Core.Reporting.SarifReportWriter.Serialize(report, root);
        Assert.Empty(global::TrustCheck.Core.Tests.Reporting.SchemaValidationTests.Sarif.Value.Validate(sarif));
        var json = global::TrustCheck.Core.Reporting.CycloneDxReportWriter.Serialize(report);
        Assert.Empty(global::TrustCheck.Core.Tests.Reporting.SchemaValidationTests.CycloneDx.Value.Validate(json));
        using var bom = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("Both", bom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        var refs = bom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToList();
        Assert.Equal(refs.Count, refs.Distinct().Count());
        Assert.Contains("project:One/One.csproj", refs);
        Assert.Contains("project:Two/Two.csproj", refs);
    }

    [Fact]
    public void Nearest_lock_is_the_projects_own_else_the_one_above_it()
    {
        var root = TestPaths.NewTempDirectory("trustcheck-nearest-lock");
        var project = Directory.CreateDirectory(Path.Combine(root, "src", "App")).FullName;
        Assert.Null(LockFileStore.FindNearest(project));

        File.WriteAllText(Path.Combine(root, TrustCheckLock.FileName), "{}");
        Assert.Equal(Path.Combine(root, TrustCheckLock.FileName), LockFileStore.FindNearest(project));
        Assert.Equal(Path.Combine(root, TrustCheckLock.FileName), TrustCheckEngine.LockPathFor(new CheckOptions { ProjectPath = project }));

        File.WriteAllText(Path.Combine(project, TrustCheckLock.FileName), "{}");
        Assert.Equal(Path.Combine(project, TrustCheckLock.FileName), LockFileStore.FindNearest(project));
    }

    private string ProjectWithRestoredAssets(string root, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name, "obj")).Parent!.FullName;
        File.Copy(restored.AssetsPath, Path.Combine(folder, "obj", "project.assets.json"));
        var project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        return project;
    }
}
