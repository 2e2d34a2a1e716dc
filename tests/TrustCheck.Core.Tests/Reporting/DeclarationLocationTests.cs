using System.Text.Json;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>
/// Real projects restored in temporary folders: one with versions on the PackageReference, one with Central Package
/// Management. MIT is denied, so System.CommandLine (direct) and Microsoft.Extensions.AI.Abstractions (transitive, brought in
/// by OllamaSharp) are TC1001 findings whose locations are checked against the lines of the files the test wrote.
/// </summary>
public sealed class DeclarationLocationTests : IClassFixture<DeclarationLocationTests.Projects>
{
    private const string DenyMit = """{ "licenses": { "deny": ["MIT"] } }""";
    private const string Direct = "System.CommandLine@2.0.0";
    private const string Transitive = "Microsoft.Extensions.AI.Abstractions@10.8.0";

    private readonly Projects _projects;

    public DeclarationLocationTests(Projects projects) => _projects = projects;

    public sealed class Projects
    {
        public TempProject Plain { get; } = new("trustcheck-locations", new Dictionary<string, string>
        {
            [TempProject.ProjectName] = """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OllamaSharp" Version="5.5.2" />
                      <PackageReference Include="System.CommandLine" Version="2.0.0" />
                  </ItemGroup>
                </Project>
                """,
        });

        public TempProject Central { get; } = new("trustcheck-locations-cpm", new Dictionary<string, string>
        {
            ["Directory.Packages.props"] = """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageVersion Include="System.CommandLine" Version="2.0.0" />
                    <PackageVersion Include="OllamaSharp" Version="5.5.2" />
                  </ItemGroup>
                </Project>
                """,
            [TempProject.ProjectName] = """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="System.CommandLine" />
                    <PackageReference Include="OllamaSharp" />
                  </ItemGroup>
                </Project>
                """,
        });
    }

    private static ReportFinding Denied(Report report, string subject) =>
        Assert.Single(report.Findings, f => f.RuleId == RuleIds.PackageLicenseDenied && f.Subject == subject);

    [Fact]
    public void Direct_package_finding_points_at_its_PackageReference_line()
    {
        var project = _projects.Plain;

        var location = Denied(project.Check(DenyMit), Direct).Location!;

        Assert.Equal(TempProject.ProjectName, location.Path);
        Assert.Equal(project.Position(TempProject.ProjectName, "\"System.CommandLine\""), (location.Line!.Value, location.Column!.Value));
        Assert.Null(location.Related);
    }

    [Fact]
    public void Transitive_package_finding_points_at_the_reference_of_the_direct_package_that_brings_it_in()
    {
        var project = _projects.Plain;

        var location = Denied(project.Check(DenyMit), Transitive).Location!;

        Assert.Equal(TempProject.ProjectName, location.Path);
        Assert.Equal(project.Position(TempProject.ProjectName, "\"OllamaSharp\"").Line, location.Line);
        Assert.Contains("OllamaSharp@5.5.2", location.Note);
    }

    [Fact]
    public void With_central_package_management_the_PackageVersion_is_primary_and_the_PackageReference_related()
    {
        var project = _projects.Central;

        var location = Denied(project.Check(DenyMit), Direct).Location!;

        Assert.Equal("Directory.Packages.props", location.Path);
        Assert.Equal(project.Position("Directory.Packages.props", "\"System.CommandLine\""), (location.Line!.Value, location.Column!.Value));
        var reference = Assert.Single(location.Related!);
        Assert.Equal(TempProject.ProjectName, reference.Path);
        Assert.Equal(project.Position(TempProject.ProjectName, "\"System.CommandLine\"").Line, reference.Line);
    }

    [Fact]
    public void Dependency_graph_holds_the_real_transitive_edge_in_the_report_and_the_bom()
    {
        var report = _projects.Central.Check(DenyMit);

        var ollama = Assert.Single(report.Packages, p => p.Id == "OllamaSharp");
        Assert.Contains(Transitive, ollama.Dependencies);
        using var bom = JsonDocument.Parse(CycloneDxReportWriter.Serialize(report));
        var dependencies = bom.RootElement.GetProperty("dependencies").EnumerateArray()
            .ToDictionary(d => d.GetProperty("ref").GetString()!, d => d.GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.Contains("pkg:nuget/Microsoft.Extensions.AI.Abstractions@10.8.0", dependencies["pkg:nuget/OllamaSharp@5.5.2"]);
        var root = bom.RootElement.GetProperty("metadata").GetProperty("component");
        Assert.Equal("App", root.GetProperty("name").GetString());
        Assert.Equal(["pkg:nuget/OllamaSharp@5.5.2", "pkg:nuget/System.CommandLine@2.0.0"], dependencies[root.GetProperty("bom-ref").GetString()!].Order());
        Assert.Empty(SchemaValidationTests.CycloneDx.Value.Validate(bom.RootElement.GetRawText()));
    }

    [Fact]
    public void Sarif_of_a_central_package_management_project_is_valid_and_links_the_related_reference()
    {
        var project = _projects.Central;
        var sarif = SarifReportWriter.Serialize(project.Check(DenyMit), project.Directory);

        Assert.Empty(SchemaValidationTests.Sarif.Value.Validate(sarif));
        using var document = JsonDocument.Parse(sarif);
        var result = Results(document).Single(r => r.GetProperty("properties").GetProperty("subject").GetString() == Direct);
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("Directory.Packages.props", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(project.Position("Directory.Packages.props", "\"System.CommandLine\"").Line, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(1, result.GetProperty("relatedLocations")[0].GetProperty("id").GetInt32());
        Assert.Contains("](1)", result.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(new Uri(project.Directory + "/").AbsoluteUri,
            document.RootElement.GetProperty("runs")[0].GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
    }

    [Fact]
    public void Fingerprints_are_equal_across_runs_and_survive_a_line_inserted_above()
    {
        var files = new Dictionary<string, string>
        {
            ["Directory.Packages.props"] = _projects.Central.Read("Directory.Packages.props"),
            [TempProject.ProjectName] = _projects.Central.Read(TempProject.ProjectName),
        };
        var project = new TempProject("trustcheck-fingerprints", files);

        var first = Fingerprints(project);
        var second = Fingerprints(project);
        foreach (var (name, content) in files)
        {
            project.Write(name, content.Replace("<ItemGroup>", "<!-- moved down -->\n  <ItemGroup>", StringComparison.Ordinal));
        }

        var moved = Fingerprints(project);

        Assert.Equal(first.Select(f => f.Fingerprint), second.Select(f => f.Fingerprint));
        Assert.Equal(first.Select(f => f.Fingerprint), moved.Select(f => f.Fingerprint));
        Assert.Equal(first.Select(f => f.Line + 1), moved.Select(f => f.Line)); // the lines did move
        Assert.Equal(first.Count, first.Select(f => f.Fingerprint).Distinct().Count());
    }

    private static List<(string Fingerprint, int Line)> Fingerprints(TempProject project)
    {
        using var document = JsonDocument.Parse(SarifReportWriter.Serialize(project.Check(DenyMit), project.Directory));
        return Results(document)
            .Where(r => r.GetProperty("ruleId").GetString() == RuleIds.PackageLicenseDenied)
            .Select(r => (r.GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString()!,
                r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToList();
    }

    private static IEnumerable<JsonElement> Results(JsonDocument sarif) =>
        sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray();
}
