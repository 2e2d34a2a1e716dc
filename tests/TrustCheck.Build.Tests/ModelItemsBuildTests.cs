namespace TrustCheck.Build.Tests;

/// <summary>Which project items reach the task as model files, and that a changed model re-runs the check.</summary>
[Collection(EndToEndCollection.Name)]
public class ModelItemsBuildTests
{
    private readonly EndToEndFixture _fixture;

    public ModelItemsBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    /// <summary>The model files the task was given, from the line it logs at low importance.</summary>
    private static IReadOnlyList<string> ModelFilesPassedToTheTask(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(TrustCheckTask.ModelFilesMessagePrefix, StringComparison.Ordinal));
        Assert.True(line is not null, "the TrustCheck task did not run:\n" + output);
        var list = line[(line.IndexOf(TrustCheckTask.ModelFilesMessagePrefix, StringComparison.Ordinal) + TrustCheckTask.ModelFilesMessagePrefix.Length)..];
        return list.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public async Task Items_with_model_extensions_and_TrustCheckModel_items_are_checked()
    {
        var build = await _fixture.Scenario(Scenarios.Models);
        Assert.True(build.First.ExitCode == 0, build.First.ToString());
        var files = ModelFilesPassedToTheTask(build.First.Output);
        Assert.Contains(build.Project.PathOf("models/relu.onnx"), files);
        Assert.Contains(build.Project.PathOf("models/Shrink.ONNX"), files);
        Assert.Contains(build.Project.PathOf("models/embedding.model"), files);
        Assert.Contains(build.Project.PathOf("models/hf"), files);
    }

    [Fact]
    public async Task Generic_extensions_are_not_taken_for_models_unless_declared()
    {
        var build = await _fixture.Scenario(Scenarios.Models);
        Assert.DoesNotContain(build.Project.PathOf("data/blob.bin"), ModelFilesPassedToTheTask(build.First.Output));
    }

    [Fact]
    public async Task Changed_file_in_a_declared_model_folder_runs_the_check_again()
    {
        var build = await _fixture.Scenario(Scenarios.Models);
        Assert.True(build.Second.ExitCode == 0, build.Second.ToString());
        Assert.Contains("Building target \"TrustCheck\" completely", build.Second.Output);
        Assert.Matches("Input file \"[^\"]*models/hf/model\\.onnx\" is newer than output file", build.Second.Output);
    }
}
