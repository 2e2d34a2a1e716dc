using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using TrustCheck.Build.Tests;
using TrustCheck.Tests;

namespace TrustCheck.Ide.Tests;

/// <summary>Packs TrustCheck once for the IDE tests (a unique version, removed from the global packages folder afterwards).</summary>
public sealed class PackedTrustCheck : IAsyncLifetime
{
    public PackageFeed Feed { get; } = new();

    public Task InitializeAsync() => Feed.PackAsync();

    public Task DisposeAsync()
    {
        Feed.Delete();
        return Task.CompletedTask;
    }
}

/// <summary>
/// What an IDE does with a project that references the TrustCheck package: MSBuildWorkspace runs the design-time build
/// (which must write the facts file), loads the analyzers and code fixes from the package, computes analyzer
/// diagnostics, applies a code fix through the workspace (saved to disk), and sees a diagnostic go away after the
/// project declares the model and is loaded again.
/// </summary>
public sealed class WorkspaceHostTests : IClassFixture<PackedTrustCheck>
{
    /// <summary>Each marked literal must carry exactly the rules named after it.</summary>
    private const string Program = """
        using Microsoft.ML.OnnxRuntime;
        using OllamaSharp;

        using var declared = new InferenceSession("models/relu.onnx");
        using var undeclared = new InferenceSession("models/other.onnx");
        var chat = new OllamaApiClient("http://localhost:11434", "llama3.1:8b");
        using var pickle = new InferenceSession("models/relu.pt");
        using var cased = new InferenceSession("Models/Relu.onnx");
        await foreach (var _ in chat.PullModelAsync("phi3:mini")) { }
        Console.WriteLine(chat.SelectedModel);
        """;

    private static readonly (string Rule, string Literal)[] Expected =
    [
        ("TC4001", "\"models/other.onnx\""),
        ("TC4004", "\"llama3.1:8b\""),
        // Undeclared Ollama names are the remote equivalent of an undeclared model file (TrustCheckModelReference).
        ("TC4001", "\"llama3.1:8b\""),
        ("TC4001", "\"models/relu.pt\""),
        ("TC4003", "\"models/relu.pt\""),
        ("TC4001", "\"Models/Relu.onnx\""),
        ("TC4002", "\"phi3:mini\""),
        ("TC4001", "\"phi3:mini\""),
    ];

    private readonly PackedTrustCheck _packed;

    static WorkspaceHostTests()
    {
        // Before any MSBuild type is touched: use the SDK that runs these tests, as an IDE uses its own.
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }

    public WorkspaceHostTests(PackedTrustCheck packed) => _packed = packed;

    [Fact]
    public async Task Design_time_build_analyzers_code_fix_and_declaring_the_model_in_an_MSBuildWorkspace()
    {
        var consumer = new ConsumerProject(_packed.Feed, "ide")
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithItem("<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />")
            .WithProgram(Program)
            .Create();
        try
        {
            var restore = await DotnetCli.RunAsync(consumer.Directory, "restore", ConsumerProject.ProjectFileName, "-nr:false");
            Assert.True(restore.ExitCode == 0, restore.ToString());

            using (var workspace = MSBuildWorkspace.Create())
            {
                var project = await workspace.OpenProjectAsync(consumer.ProjectPath);
                Assert.Empty(workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure));
                // The design-time build ran TrustCheck's facts target and handed the file to the analyzers.
                Assert.True(File.Exists(consumer.FactsPath), "the design-time build did not write " + consumer.FactsPath);
                Assert.Contains(project.AdditionalDocuments, d => string.Equals(d.FilePath, consumer.FactsPath, StringComparison.Ordinal));

                var (diagnostics, _) = await AnalyzeAsync(project);
                var document = project.Documents.Single(d => Path.GetFileName(d.FilePath) == "Program.cs");
                var text = (await document.GetTextAsync()).ToString();
                Assert.Equal(Expected.Select(e => (e.Rule, Span(text, e.Literal))).OrderBy(e => e),
                    diagnostics.Select(d => (d.Id, (d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).OrderBy(e => e));
                Assert.All(diagnostics, d => Assert.Equal(consumer.PathOf("Program.cs"), d.Location.SourceTree!.FilePath));

                // The TC4001 fix for the wrongly cased path, from the package's code fix assembly, applied by the workspace.
                var cased = diagnostics.Single(d => d.Id == "TC4001" && d.Location.SourceSpan.Start == Span(text, "\"Models/Relu.onnx\"").Start);
                var action = await FixFor(project, document, cased);
                var operations = await action.GetOperationsAsync(CancellationToken.None);
                var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
                Assert.True(workspace.TryApplyChanges(apply.ChangedSolution));
                var onDisk = File.ReadAllText(consumer.PathOf("Program.cs"));
                Assert.Contains("using var cased = new InferenceSession(\"models/relu.onnx\");", onDisk);
                Assert.DoesNotContain("Models/Relu.onnx", onDisk);
            }

            // Declare the other model as the project's own file, and load the project again: its TC4001 is gone.
            File.Copy(TestPaths.CorpusFile("onnx/simple/test_shrink.onnx"), consumer.PathOf("models/other.onnx"));
            var csproj = File.ReadAllText(consumer.ProjectPath).Replace(
                "<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />",
                "<None Include=\"models/relu.onnx\" CopyToOutputDirectory=\"PreserveNewest\" />\n    <TrustCheckModel Include=\"models/other.onnx\" />");
            File.WriteAllText(consumer.ProjectPath, csproj);
            using (var workspace = MSBuildWorkspace.Create())
            {
                var project = await workspace.OpenProjectAsync(consumer.ProjectPath);
                var (diagnostics, _) = await AnalyzeAsync(project);
                var text = File.ReadAllText(consumer.PathOf("Program.cs"));
                Assert.DoesNotContain(diagnostics, d => d.Id == "TC4001" && d.Location.SourceSpan.Start == Span(text, "\"models/other.onnx\"").Start);
                Assert.Equal(["TC4001", "TC4002", "TC4003", "TC4004"], diagnostics.Select(d => d.Id).Distinct().Order());
                Assert.DoesNotContain(diagnostics, d => d.Id == "TC4001" && d.Location.SourceSpan.Start == Span(text, "\"models/relu.onnx\"").Start);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(consumer.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The TrustCheck analyzers the workspace loaded from the package, run as an IDE runs them.</summary>
    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, TimeSpan Elapsed)> AnalyzeAsync(Project project)
    {
        var analyzers = project.AnalyzerReferences
            .Where(r => r.FullPath is { } path && path.Contains(Path.Combine("trustcheck", ""), StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var timer = Stopwatch.StartNew();
        var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        return (diagnostics.Where(d => d.Id.StartsWith("TC4", StringComparison.Ordinal)).ToImmutableArray(), timer.Elapsed);
    }

    /// <summary>The code fixes shipped beside the analyzers ([ExportCodeFixProvider] types), as an IDE's MEF catalog finds them.</summary>
    private static async Task<CodeAction> FixFor(Project project, Document document, Diagnostic diagnostic)
    {
        var providers = project.AnalyzerReferences.OfType<AnalyzerFileReference>()
            .Where(r => r.FullPath.Contains(Path.Combine("trustcheck", ""), StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.GetAssembly().GetTypes())
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id))
            .ToList();
        Assert.NotEmpty(providers);
        var actions = new List<CodeAction>();
        foreach (var provider in providers)
        {
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        }

        return Assert.Single(actions);
    }

    private static (int Start, int Length) Span(string text, string literal)
    {
        var start = text.IndexOf(literal, StringComparison.Ordinal);
        Assert.True(start >= 0, literal);
        return (start, literal.Length);
    }
}
