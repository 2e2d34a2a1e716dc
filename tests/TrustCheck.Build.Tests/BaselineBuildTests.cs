using TrustCheck.Core.Baselines;
using TrustCheck.Tests;

namespace TrustCheck.Build.Tests;

/// <summary>
/// Adopting TrustCheck in a project that already has findings: a baseline of today's findings (written as
/// `trustcheck baseline` does, from the build's own report) lets the real `dotnet build` pass, while a finding that
/// appears afterwards still fails it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class BaselineBuildTests
{
    private readonly EndToEndFixture _fixture;

    public BaselineBuildTests(EndToEndFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Baseline_silences_todays_findings_in_the_build_and_a_new_error_still_fails_it()
    {
        var project = new ConsumerProject(_fixture.Feed, "baseline")
            .WithFile("trustcheck.json", Scenarios.DenyMitPolicy)
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .Create();
        try
        {
            var before = await project.BuildAsync();
            Assert.NotEqual(0, before.ExitCode);
            Assert.Contains(BuildDiagnostic.Parse(before.Output), d => d.Code == "TC1001" && d.Severity == "error");

            var baselinePath = project.PathOf(TrustCheckBaseline.FileName);
            BaselineStore.Write(baselinePath, BaselineApplier.Create(project.ReadReport().Findings, baselinePath, project.Directory, previous: null));

            var adopted = await project.BuildAsync("--no-restore");
            Assert.True(adopted.ExitCode == 0, adopted.ToString());
            var diagnostics = BuildDiagnostic.Parse(adopted.Output);
            Assert.DoesNotContain(diagnostics, d => d.Severity is "error" or "warning");
            var report = project.ReadReport();
            Assert.Contains(report.Findings, f => f.RuleId == "TC1001" && f.Severity == "info" && f.Baselined);
            Assert.Contains(report.Findings, f => f.RuleId == "TC3001" && f.Severity == "info" && f.Baselined);
            Assert.Contains("(baselined: listed in trustcheck.baseline.json)", adopted.Output);

            // Then someone adds a pickle that runs eval() when loaded (read as bytes, never unpickled): not in the
            // baseline, so it keeps its severity and fails the build; the baselined findings stay quiet.
            File.Copy(TestPaths.CorpusFile("picklescan/data/malicious1_v3.pkl"), project.PathOf("models/evil.pkl"));
            var withNewModel = await project.BuildAsync("--no-restore");
            Assert.NotEqual(0, withNewModel.ExitCode);
            var after = BuildDiagnostic.Parse(withNewModel.Output);
            var failure = Assert.Single(after, d => d.Code == "TC3010" && d.Severity == "error");
            Assert.Equal(project.PathOf("models/evil.pkl"), failure.File);
            Assert.Contains(after, d => d.Code == "TC3001" && d.Severity == "warning" && d.File == project.PathOf("models/evil.pkl"));
            Assert.DoesNotContain(after, d => d.Code == "TC1001" && d.Severity is "error" or "warning");
            Assert.DoesNotContain(after, d => d.File == project.PathOf("models/relu.onnx") && d.Severity is "error" or "warning");
        }
        finally
        {
            try
            {
                Directory.Delete(project.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
