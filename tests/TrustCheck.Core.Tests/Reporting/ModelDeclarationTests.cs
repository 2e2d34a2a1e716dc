using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>A model file from the corpus in a project that declares it with an item: its findings name that item as a related location.</summary>
public class ModelDeclarationTests
{
    private static TempProject ProjectDeclaring(string item)
    {
        var project = new TempProject("trustcheck-model-items", new Dictionary<string, string>
        {
            [TempProject.ProjectName] = $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    {item}
                  </ItemGroup>
                </Project>
                """,
        }, restore: false);
        Directory.CreateDirectory(Path.Combine(project.Directory, "models"));
        File.Copy(TestPaths.CorpusFile("onnx/light_squeezenet.onnx"), Path.Combine(project.Directory, "models", "squeezenet.onnx"));
        return project;
    }

    [Theory]
    [InlineData("""<TrustCheckModel Include="models\squeezenet.onnx" />""")]
    [InlineData("""<None Include="models/**/*.onnx" CopyToOutputDirectory="PreserveNewest" />""")]
    public void Model_finding_keeps_the_file_and_names_the_declaring_item(string item)
    {
        var project = ProjectDeclaring(item);

        var report = project.Check("{}", discoverModels: true);

        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.ModelNotLocked);
        Assert.Equal("models/squeezenet.onnx", finding.Location!.Path);
        var declaration = Assert.Single(finding.Location.Related!);
        Assert.Equal(TempProject.ProjectName, declaration.Path);
        Assert.Equal(project.Position(TempProject.ProjectName, "Include=\"models").Line, declaration.Line);
        Assert.Empty(SchemaValidationTests.Sarif.Value.Validate(SarifReportWriter.Serialize(report, project.Directory)));
    }

    [Fact]
    public void Model_not_named_by_any_item_has_no_related_location()
    {
        var project = ProjectDeclaring("""<None Include="docs/*.md" />""");

        var report = project.Check("{}", discoverModels: true);

        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.ModelNotLocked);
        Assert.Null(finding.Location!.Related);
    }
}
