using TrustCheck.Core.Facts;
using TrustCheck.Core.Provenance;
using TrustCheck.Facts;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Facts;

/// <summary>The facts file the build writes for the analyzers, from a real lock and policy on disk.</summary>
public sealed class AnalyzerFactsWriterTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly string _project = TestPaths.NewTempDirectory("trustcheck-facts");

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private string ProjectFile => Path.Combine(_project, "App.csproj");
    private string FactsPath => Path.Combine(_project, "obj", AnalyzerFactsFormat.FileName);

    private CheckOptions Options(params string[] models) => new() { ProjectPath = ProjectFile, ModelPaths = models.ToList() };

    private void WriteLock(params LockedModel[] models) =>
        LockFileStore.Write(Path.Combine(_project, TrustCheckLock.FileName), new TrustCheckLock { Models = models.ToList() });

    [Fact]
    public void Locked_and_declared_models_are_written_relative_to_the_project()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        WriteLock(new LockedModel
        {
            Path = "models/phi.gguf", Sha256 = new string('b', 64), Format = "gguf", License = "llama3.1",
            Source = "https://huggingface.co/org/phi", Revision = Commit,
        });

        AnalyzerFactsWriter.Write(FactsPath, Options(Path.Combine(_project, "models", "new.onnx"), "weights/model.pt"));

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath));
        Assert.Equal(_project.Replace('\\', '/'), facts.ProjectDirectory);
        Assert.Equal(new[] { "models/new.onnx", "models/phi.gguf", "weights/model.pt" }, facts.Models.Select(m => m.Path));
        var locked = facts.Models.Single(m => m.Path == "models/phi.gguf");
        Assert.Equal((AnalyzerModelFact.Locked, "gguf", "llama3.1", "https://huggingface.co/org/phi", Commit),
            (locked.State, locked.Format, locked.License, locked.Source, locked.Revision));
        Assert.Equal(new string('b', 64), locked.Sha256);
        Assert.All(facts.Models.Where(m => m.Path != "models/phi.gguf"), m => Assert.Equal(AnalyzerModelFact.Declared, m.State));
    }

    [Fact]
    public void Policy_license_lists_and_analyzer_rule_severities_are_written()
    {
        File.WriteAllText(Path.Combine(_project, "trustcheck.json"), """
            {
              // Only what the analyzers need ends up in the facts file.
              "licenses": { "allow": ["MIT"], "deny": ["LicenseRef-*-NC"] },
              "rules": { "TC4003": "error", "TC4001": "none", "TC2004": "none" }
            }
            """);

        AnalyzerFactsWriter.Write(FactsPath, Options());

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath));
        Assert.Equal(new[] { "LicenseRef-*-NC" }, facts.DeniedLicenses);
        Assert.Equal(new[] { "MIT" }, facts.AllowedLicenses);
        Assert.Equal(new Dictionary<string, string> { ["TC4001"] = "none", ["TC4003"] = "error" }, facts.RuleSeverities);
    }

    [Fact]
    public void Test_project_gets_info_for_the_analyzer_rules_unless_the_policy_says_otherwise()
    {
        File.WriteAllText(Path.Combine(_project, "trustcheck.json"), "{ \"rules\": { \"TC4003\": \"error\" } }");

        AnalyzerFactsWriter.Write(FactsPath, Options(), isTestProject: true);

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath));
        Assert.Equal(new Dictionary<string, string> { ["TC4001"] = "info", ["TC4002"] = "info", ["TC4003"] = "error", ["TC4004"] = "info" }, facts.RuleSeverities);
    }

    [Fact]
    public void Other_projects_keep_the_default_severities()
    {
        AnalyzerFactsWriter.Write(FactsPath, Options(), isTestProject: false);

        Assert.Empty(AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath)).RuleSeverities);
    }

    [Fact]
    public void Unchanged_facts_leave_the_file_untouched()
    {
        AnalyzerFactsWriter.Write(FactsPath, Options("models/a.onnx"));
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(FactsPath, past);

        AnalyzerFactsWriter.Write(FactsPath, Options("models/a.onnx"));
        Assert.Equal(past, File.GetLastWriteTimeUtc(FactsPath));

        AnalyzerFactsWriter.Write(FactsPath, Options("models/b.onnx"));
        Assert.NotEqual(past, File.GetLastWriteTimeUtc(FactsPath));
    }

    [Fact]
    public void Missing_or_folder_models_are_listed_without_being_read()
    {
        // A folder where a model file is expected, and a file that does not exist: the writer only handles paths.
        Directory.CreateDirectory(Path.Combine(_project, "models", "folder.onnx"));

        AnalyzerFactsWriter.Write(FactsPath, Options("models/folder.onnx", "models/missing.gguf"));

        Assert.Equal(2, AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath)).Models.Count);
    }

    [Fact]
    public void A_broken_lock_or_policy_still_yields_a_facts_file()
    {
        File.WriteAllText(Path.Combine(_project, TrustCheckLock.FileName), "{ not json");
        File.WriteAllText(Path.Combine(_project, "trustcheck.json"), "{ \"licenses\": 42 }");

        AnalyzerFactsWriter.Write(FactsPath, Options("models/a.onnx"));

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath));
        Assert.Equal("models/a.onnx", Assert.Single(facts.Models).Path);
        Assert.Empty(facts.DeniedLicenses);
    }

    [Fact]
    public void Locked_and_declared_remote_references_are_written_with_the_name_code_uses()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        LockFileStore.Write(Path.Combine(_project, TrustCheckLock.FileName), new TrustCheckLock
        {
            References =
            [
                new LockedReference { Reference = "ollama:llama3.1:8b", Revision = "sha256:" + new string('c', 64), License = "LicenseRef-llama3.1", LicenseKind = "text" },
            ],
        });
        var options = Options();
        options.ModelReferences.AddRange(["ollama:llama3.1:8b", "ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "hf:Qwen/Qwen2.5-0.5B-Instruct", "ollama:../bad"]);

        AnalyzerFactsWriter.Write(FactsPath, options);

        var facts = AnalyzerFactsFormat.Parse(File.ReadAllText(FactsPath));
        Assert.Equal(
            [("hf:Qwen/Qwen2.5-0.5B-Instruct", "declared", "Qwen/Qwen2.5-0.5B-Instruct"),
             ("ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "declared", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"),
             ("ollama:llama3.1:8b", "locked", "llama3.1:8b")],
            facts.References.Select(r => (r.Reference, r.State, r.Name)));
        var locked = facts.References.Single(r => r.State == "locked");
        Assert.Equal(("LicenseRef-llama3.1", "text", "open-weights"), (locked.License, locked.LicenseKind, locked.Openness));
        Assert.Contains("acceptable-use-policy", locked.Restrictions);
    }
}
