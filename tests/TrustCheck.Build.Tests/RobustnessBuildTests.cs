using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Build.Tests;

/// <summary>
/// Real `dotnet build`s of a consumer of the packed package under hostile or unlucky conditions: special files among
/// the model items, build state deleted between builds, two builds of one project at once, state that cannot be
/// written. Every build runs under DotnetCli's time limit, so a hang fails the test instead of the CI job.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RobustnessBuildTests(EndToEndFixture fixture)
{
    /// <summary>Loads an undeclared model, so TC4001 shows whether the analyzers got their facts.</summary>
    private const string LoadsUndeclaredModel = """
        using Microsoft.ML.OnnxRuntime;

        using var session = new InferenceSession("models/other.onnx");
        """;

    private ConsumerProject WithUnlockedModel(string name) =>
        new ConsumerProject(fixture.Feed, name)
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithProgram(LoadsUndeclaredModel)
            .Create();

    [Fact]
    public async Task Fifo_and_device_link_among_the_model_items_are_reported_and_the_build_finishes()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // no FIFOs or /dev devices on Windows
        }

        // The SDK's default globs make both None items with model extensions, as a user's models/ folder would.
        var project = WithUnlockedModel("special-files");
        SpecialFiles.Fifo(project.PathOf("models/model.onnx"));
        SpecialFiles.Link(project.PathOf("models/zero.gguf"), "/dev/zero");

        var build = await project.BuildAsync();

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        Assert.Contains(diagnostics, d => d.Code == RuleIds.ModelMalformed && d.File.EndsWith("model.onnx") && d.Message.Contains("not a regular file (FIFO)"));
        Assert.Contains(diagnostics, d => d.Code == RuleIds.ModelMalformed && d.File.EndsWith("zero.gguf") && d.Message.Contains("not a regular file (character device)"));
        Assert.Contains(diagnostics, d => d.Code == RuleIds.ModelNotLocked && d.File.EndsWith("relu.onnx")); // the rest still checked
    }

    [Fact]
    public async Task Each_deleted_state_file_is_written_again_by_the_next_build_and_its_diagnostics_come_back()
    {
        var project = WithUnlockedModel("lost-state");
        var first = await project.BuildAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        var obj = project.IntermediateDirectory;

        // The stamps' names carry the digest of the inputs and settings (trustcheck.1A2B3C4D.stamp).
        foreach (var pattern in new[] { "trustcheck.facts.txt", "trustcheck.hashes.json", "trustcheck.report.json", "trustcheck.????????.stamp", "trustcheck.facts.????????.stamp" })
        {
            var files = Directory.GetFiles(obj, pattern);
            Assert.True(files.Length == 1, $"{pattern}: {string.Join(", ", files)}");
            File.Delete(files[0]);

            var build = await project.BuildAsync("--no-restore");

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.True(File.Exists(files[0]), $"{files[0]} was not written again:\n{build}");
            var codes = BuildDiagnostic.Parse(build.Output).Select(d => d.Code).ToList();
            if (pattern == "trustcheck.facts.txt")
            {
                Assert.Contains(RuleIds.CodeLoadsUndeclaredModel, codes); // the analyzers got their facts back
            }
            else if (pattern is not "trustcheck.facts.????????.stamp")
            {
                Assert.Contains(RuleIds.ModelNotLocked, codes); // the check ran again
            }
        }

        // An IDE's design-time build brings the facts file back too (it never runs the check itself).
        File.Delete(project.FactsPath);
        var designTime = await project.DesignTimeBuildAsync();
        Assert.True(designTime.ExitCode == 0, designTime.ToString());
        Assert.True(File.Exists(project.FactsPath), designTime.ToString());

        // And with everything back, a build is a no-op again.
        var noOp = await project.BuildAsync("--no-restore");
        Assert.Contains("Skipping target \"TrustCheck\" because all output files are up-to-date", noOp.Output);
        Assert.Contains("Skipping target \"TrustCheckWriteFacts\" because all output files are up-to-date", noOp.Output);
    }

    [Fact]
    public async Task Two_builds_of_one_project_started_together_both_succeed_and_leave_valid_files()
    {
        var project = WithUnlockedModel("concurrent");
        var restore = await DotnetCli.RunAsync(project.Directory, "restore", ConsumerProject.ProjectFileName, "-nr:false");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        // Only TrustCheck's own targets run twice at once: two full builds of one project also race in the SDK's tasks
        // (GenerateRuntimeConfigurationFiles opens bin/…/runtimeconfig.json exclusively and failed one build here),
        // which is not what this test is about. BuildingProject=true as the Build target would set it.
        Task<ProcessResult> RunTrustCheckTargets() => DotnetCli.RunAsync(project.Directory,
            "msbuild", ConsumerProject.ProjectFileName, "-t:TrustCheckWriteFacts", "-p:BuildingProject=true", "-nr:false", "-v:d");
        var builds = await Task.WhenAll(RunTrustCheckTargets(), RunTrustCheckTargets());

        Assert.All(builds, build => Assert.True(build.ExitCode == 0, build.ToString()));
        Assert.Contains(project.ReadReport().Models, m => m.Path == "models/relu.onnx"); // whole, parseable JSON
        var facts = TrustCheck.Facts.AnalyzerFactsFormat.Parse(File.ReadAllText(project.FactsPath));
        Assert.NotNull(facts.ProjectDirectory);
        Assert.Contains(File.ReadLines(Path.Combine(project.IntermediateDirectory, "trustcheck.hashes.json")), line => line.Contains("relu.onnx"));
        Assert.Empty(Directory.GetFiles(project.IntermediateDirectory, "*.tmp"));
    }

    [Fact]
    public async Task Unwritable_report_cache_and_facts_are_TC9005_warnings_and_every_finding_still_reaches_the_log()
    {
        var project = WithUnlockedModel("unwritable");
        // Folders where the files should go: a write fails whatever the user's rights (root ignores read-only bits).
        Directory.CreateDirectory(Path.Combine(project.IntermediateDirectory, "trustcheck.hashes.json"));
        Directory.CreateDirectory(project.FactsPath);
        var reportUnderAFile = project.PathOf("Program.cs/trustcheck.report.json");

        var build = await project.BuildAsync($"-p:TrustCheckReportPath={reportUnderAFile}");

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        var notWritten = diagnostics.Where(d => d.Code == RuleIds.BuildStateNotWritten).ToList();
        Assert.True(notWritten.Count == 3, build.ToString());
        Assert.All(notWritten, d => Assert.Equal("warning", d.Severity));
        Assert.Contains(notWritten, d => d.Message.Contains("report"));
        Assert.Contains(notWritten, d => d.Message.Contains("hash cache"));
        Assert.Contains(notWritten, d => d.Message.Contains("facts file"));
        Assert.Contains(diagnostics, d => d.Code == RuleIds.ModelNotLocked); // the check itself still reported
        Assert.Contains(RuleIds.FactsFileMissing, build.Output); // the analyzers say why TC4001 is quiet
        Assert.DoesNotContain(diagnostics, d => d.Code == RuleIds.CodeLoadsUndeclaredModel);
    }
}
