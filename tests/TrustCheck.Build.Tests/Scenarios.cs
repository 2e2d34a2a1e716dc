using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Build.Tests;

/// <summary>A consumer project and the two builds the tests look at.</summary>
public sealed record Scenario(string Name, Func<PackageFeed, ConsumerProject> Create, Func<ConsumerProject, Task<BuildPair>> Run);

/// <summary>The consumer projects the end-to-end fixture builds, by name.</summary>
public static class Scenarios
{
    public const string Clean = "clean";
    public const string BrokenLock = "broken-lock";
    public const string Disabled = "disabled";
    public const string DesignTime = "design-time";
    public const string Models = "models";
    public const string Analyzers = "analyzers";
    public const string AnalyzersEditorConfig = "analyzers-editorconfig";

    /// <summary>Severities for the analyzer rules as a team sets them: one escalated, one turned off.</summary>
    public const string AnalyzerEditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.TC4003.severity = error\ndotnet_diagnostic.TC4004.severity = none\n";

    /// <summary>Program.cs of the analyzer scenario: the markers name the rule each line must raise.</summary>
    public const string AnalyzerProgram = """
        using Microsoft.ML.OnnxRuntime;
        using OllamaSharp;

        using var declared = new InferenceSession("models/relu.onnx");
        using var undeclared = new InferenceSession("models/other.onnx"); // TC4001
        var chat = new OllamaApiClient("http://localhost:11434", "llama3.1:8b"); // TC4001 TC4004
        using var pickle = new InferenceSession("models/relu.pt"); // TC4001 TC4003
        Console.WriteLine(chat.SelectedModel);
        """;
    public const string DeniedLicense = "denied-license";
    public const string BrokenPolicy = "broken-policy";
    public const string NoWarn = "nowarn";
    public const string TreatWarningsAsErrors = "treat-warnings-as-errors";
    public const string WarningsAsErrors = "warnings-as-errors";
    public const string PolicyRemoved = "policy-removed";
    public const string MultiTargeted = "multi-targeted";
    public const string TestProject = "test-project";
    public const string TestProjectPolicy = "test-project-policy";
    public const string NearestLock = "nearest-lock";

    /// <summary>The compiler's SARIF log (csc /errorlog): the only place info-level analyzer diagnostics show up.</summary>
    public const string ErrorLogFile = "errors.sarif";

    /// <summary>The consumer folder's lock for a project in src/App: models/relu.onnx reviewed (hash and license).</summary>
    private static ConsumerProject WithRepositoryLock(this ConsumerProject project)
    {
        var model = project.PathOf("src/App/models/relu.onnx");
        var lockFile = new TrustCheckLock
        {
            Models =
            [
                new LockedModel
                {
                    Path = "src/App/models/relu.onnx",
                    Size = new FileInfo(model).Length,
                    Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))),
                    License = "MIT",
                    Format = "onnx",
                },
            ],
        };
        LockFileStore.Write(project.PathOf(TrustCheckLock.FileName), lockFile);
        return project;
    }

    /// <summary>A test project that loads models the tests download: the analyzer rules default to info there.</summary>
    private static ConsumerProject AsTestProject(this ConsumerProject project) => project
        .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
        .WithItem("<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />")
        .WithProgram(AnalyzerProgram)
        .WithProperty("IsTestProject", "true")
        .WithProperty("ErrorLog", $"$(MSBuildProjectDirectory)/{ErrorLogFile},version=2.1");

    /// <summary>A missing comma on line 3: the policy loader reports TC9001 with line and column.</summary>
    public const string BrokenPolicyContent = "{\n  \"licenses\": {\n    \"deny\": [\"GPL-3.0-only\" \"AGPL-3.0-only\"]\n  }\n}\n";

    /// <summary>The consumer's packages (OllamaSharp, Microsoft.ML.OnnxRuntime.Managed, …) are MIT.</summary>
    public const string DenyMitPolicy = "{\n  // legal said no\n  \"licenses\": { \"deny\": [\"MIT\"] }\n}\n";

    /// <summary>A real ONNX file that is neither locked (TC3001) nor licensed (TC3004): two warnings to steer.</summary>
    private static ConsumerProject WithUnlockedModel(this ConsumerProject project) =>
        project.WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"));

    /// <summary>Not JSON at line 1, column 17: the lock reader reports TC9002 with the line.</summary>
    public const string BrokenLockContent = "{ \"packages\": [ broken\n";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new(Clean, feed => new ConsumerProject(feed, Clean).Create(), BuildTwice),
        new(BrokenLock, feed => new ConsumerProject(feed, BrokenLock)
            .WithFile("trustcheck.lock.json", BrokenLockContent)
            .Create(), BuildTwice),
        new(Disabled, feed => new ConsumerProject(feed, Disabled)
            .WithProperty("TrustCheckEnabled", "false")
            .WithFile("trustcheck.lock.json", BrokenLockContent)
            .Create(), BuildTwice),
        // First a design-time build, then a real one: only the real one may run the check (and fail on the lock).
        new(DesignTime, feed => new ConsumerProject(feed, DesignTime)
            .WithFile("trustcheck.lock.json", BrokenLockContent)
            .Create(), async project => new BuildPair(project, await project.DesignTimeBuildAsync(), await project.BuildAsync("--no-restore"))),
        // Real ONNX files from the corpus under model names, a generic .bin that is not a model, and a declared one.
        new(Models, feed => new ConsumerProject(feed, Models)
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithCopy("models/Shrink.ONNX", TestPaths.CorpusFile("onnx/simple/test_shrink.onnx"))
            .WithCopy("models/embedding.model", TestPaths.CorpusFile("onnx/pytorch-converted/test_Embedding.onnx"))
            .WithCopy("data/blob.bin", TestPaths.CorpusFile("picklescan/LICENSE"))
            .WithCopy("models/hf/model.onnx", TestPaths.CorpusFile("onnx/simple/test_sequence_model1.onnx"))
            .WithItem("<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />")
            .WithItem("<Content Include=\"models/Shrink.ONNX\" />")
            .WithItem("<None Include=\"data/blob.bin\" />")
            .WithItem("<TrustCheckModel Include=\"models/embedding.model\" />")
            .WithItem("<TrustCheckModel Include=\"models/hf\" />")
            .Create(), BuildTouchBuild),
        // The packed analyzers against the facts file the packed task writes: one declared model, model loads in code.
        new(Analyzers, feed => new ConsumerProject(feed, Analyzers)
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithItem("<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />")
            .WithProgram(AnalyzerProgram)
            .Create(), async project => new BuildPair(project, await project.BuildAsync(), await project.BuildAsync("--no-restore"))),
        new(AnalyzersEditorConfig, feed => new ConsumerProject(feed, AnalyzersEditorConfig)
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithItem("<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />")
            .WithProgram(AnalyzerProgram)
            .WithFile(".editorconfig", AnalyzerEditorConfig)
            .Create(), BuildOnce),
        new(DeniedLicense, feed => new ConsumerProject(feed, DeniedLicense)
            .WithFile("trustcheck.json", DenyMitPolicy)
            .Create(), BuildOnce),
        new(BrokenPolicy, feed => new ConsumerProject(feed, BrokenPolicy)
            .WithFile("trustcheck.json", BrokenPolicyContent)
            .Create(), BuildOnce),
        // NoWarn beats TreatWarningsAsErrors, as for the compiler.
        new(NoWarn, feed => new ConsumerProject(feed, NoWarn)
            .WithUnlockedModel()
            .WithProperty("NoWarn", "$(NoWarn);TC3001;TC3004")
            .WithProperty("TreatWarningsAsErrors", "true")
            .Create(), BuildOnce),
        new(TreatWarningsAsErrors, feed => new ConsumerProject(feed, TreatWarningsAsErrors)
            .WithUnlockedModel()
            .WithProperty("TreatWarningsAsErrors", "true")
            .WithProperty("WarningsNotAsErrors", "$(WarningsNotAsErrors);TC3004")
            .Create(), BuildOnce),
        new(WarningsAsErrors, feed => new ConsumerProject(feed, WarningsAsErrors)
            .WithUnlockedModel()
            .WithProperty("WarningsAsErrors", "$(WarningsAsErrors);TC3001")
            .Create(), BuildOnce),
        new(PolicyRemoved, feed => new ConsumerProject(feed, PolicyRemoved)
            .WithFile("trustcheck.json", "{ \"licenses\": { \"deny\": [\"GPL-3.0-only\"] } }\n")
            .Create(), BuildDeletePolicyBuild),
        // Checked once (in the net10.0 build), not once per framework; netstandard2.0 alone resolves NETStandard.Library.
        new(MultiTargeted, feed => new ConsumerProject(feed, MultiTargeted)
            .MultiTargeted("net10.0;netstandard2.0")
            .WithUnlockedModel()
            .Create(), BuildTwice),
        new(TestProject, feed => new ConsumerProject(feed, TestProject).AsTestProject().Create(), BuildOnce),
        new(TestProjectPolicy, feed => new ConsumerProject(feed, TestProjectPolicy)
            .AsTestProject()
            .WithFile("trustcheck.json", "{ \"rules\": { \"TC4001\": \"warning\" } }\n")
            .Create(), BuildOnce),
        // A repository-level lock two folders up covers the project's model: no TC3001/TC3004 for it.
        new(NearestLock, feed => new ConsumerProject(feed, NearestLock)
            .InFolder("src/App")
            .WithCopy("src/App/models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithRepositoryLock()
            .Create(), BuildTwice),
    ];

    /// <summary>A deleted input leaves no newer file behind; the check must still notice.</summary>
    private static async Task<BuildPair> BuildDeletePolicyBuild(ConsumerProject project)
    {
        var first = await project.BuildAsync();
        File.Delete(project.PathOf("trustcheck.json"));
        return new BuildPair(project, first, await project.BuildAsync("--no-restore"));
    }

    private static async Task<BuildPair> BuildOnce(ConsumerProject project)
    {
        var build = await project.BuildAsync();
        return new BuildPair(project, build, build);
    }

    private static async Task<BuildPair> BuildTwice(ConsumerProject project) =>
        new(project, await project.BuildAsync(), await project.BuildAsync("--no-restore"));

    /// <summary>A changed file inside a declared model folder must make the next build run the check again.</summary>
    private static async Task<BuildPair> BuildTouchBuild(ConsumerProject project)
    {
        var first = await project.BuildAsync();
        File.SetLastWriteTimeUtc(project.PathOf("models/hf/model.onnx"), DateTime.UtcNow.AddSeconds(5));
        return new BuildPair(project, first, await project.BuildAsync("--no-restore"));
    }
}
