// How expensive is ModelCallSiteAnalyzer next to compiling the code it looks at?
// Generates N source files (one in 20 calling model APIs), then, single-threaded and after a warm-up round:
//   compile = Emit of the compilation (binding, lowering, IL) — what the compiler does anyway;
//   analyzer = CompilationWithAnalyzers with only ModelCallSiteAnalyzer on a fresh compilation of the same sources.
// Prints the medians and the share; the MSBuild-level script (analyzer-timing.sh) gives the in-build view.
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TrustCheck.Analyzers;

var files = args.Length > 0 ? int.Parse(args[0]) : 600;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;

var references = ReferenceSet();
var sources = Enumerable.Range(1, files).Select(Source).ToList();
var facts = new FactsText("""
    trustcheck-facts	1
    project	/src/app
    model	models/phi-3.onnx	locked	aaaa	onnx	MIT			allowed		

    """.Replace("    ", ""));

// In csc the SDK's own analyzers run in the same driver, so the driver's code is JIT-compiled whether or not TrustCheck
// is there: warm it with a trivial analyzer first, so the cold figure below is what TrustCheck alone adds.
await NewCompilation().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DriverWarmUp())).GetAnalyzerDiagnosticsAsync();
var compileTimes = new List<double>();
var coldAnalyzer = 0.0;
var coldAnalysisCpu = 0.0;
var analyzerTimes = new List<double>();
var diagnostics = 0;
for (var round = 0; round <= rounds; round++)
{
    var compile = Stopwatch.StartNew();
    using (var pe = new MemoryStream())
    {
        var result = NewCompilation().Emit(pe);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        }
    }

    compile.Stop();

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var analyzer = new ModelCallSiteAnalyzer();
    var withAnalyzers = NewCompilation().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
        new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(facts)), null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    var found = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    diagnostics = found.Length;

    if (round == 0)
    {
        // What a fresh csc process pays per project (UseSharedCompilation=false): loading and JIT-compiling the
        // analyzer, building its catalogs, plus the callbacks. The compiler itself is already warm (Emit above).
        coldAnalyzer = telemetry.ExecutionTime.TotalMilliseconds;
        // Process CPU of the whole analysis run (driver included): steadier than wall time on a loaded machine.
        coldAnalysisCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
    }
    else // round 0 warms up the JIT and the metadata caches
    {
        compileTimes.Add(compile.Elapsed.TotalMilliseconds);
        analyzerTimes.Add(telemetry.ExecutionTime.TotalMilliseconds);
    }
}

var compileMedian = Median(compileTimes);
var analyzerMedian = Median(analyzerTimes);
// The minimum is printed too: on a shared machine it is the figure least inflated by waiting for a core.
var compileBest = compileTimes.Min();
var analyzerBest = analyzerTimes.Min();
Console.WriteLine($"{files} files, {rounds} rounds, {diagnostics} diagnostics: median compile {compileMedian:F0} ms, analyzer {analyzerMedian:F1} ms, share {100 * analyzerMedian / compileMedian:F2} %; " +
    $"best compile {compileBest:F0} ms, analyzer {analyzerBest:F1} ms, share {100 * analyzerBest / compileBest:F2} %; " +
    $"first round (cold process) analyzer {coldAnalyzer:F1} ms, CPU of that analysis run {coldAnalysisCpu:F0} ms");

CSharpCompilation NewCompilation() => CSharpCompilation.Create("Generated",
    sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), $"Service{i + 1}.cs")),
    references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[sorted.Count / 2];
}

static ImmutableArray<MetadataReference> ReferenceSet()
{
    // The running framework's implementation assemblies plus the ML libraries next to this program.
    var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    return Directory.GetFiles(framework, "*.dll").Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        .Where(IsManagedAssembly)
        .GroupBy(Path.GetFileName).Select(g => g.First())
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();
}

static bool IsManagedAssembly(string path)
{
    try
    {
        System.Reflection.AssemblyName.GetAssemblyName(path);
        return !Path.GetFileName(path).StartsWith("AnalyzerCost", StringComparison.Ordinal);
    }
    catch (BadImageFormatException)
    {
        return false;
    }
}

static string Source(int i)
{
    var model = i % 20 == 0 ? $$"""
            public Microsoft.ML.OnnxRuntime.InferenceSession Load() => new(Path.Combine(AppContext.BaseDirectory, "models", "phi-3.onnx"));
            public Microsoft.ML.OnnxRuntime.InferenceSession Other() => new("models/model-{{i}}.pt");
            public OllamaSharp.OllamaApiClient Chat() => new("http://localhost:11434", "llama3.1:8b");
            public Task<byte[]> Fetch(HttpClient http) => http.GetByteArrayAsync("https://huggingface.co/org/repo/resolve/main/model-{{i}}.onnx");
        """ : "";
    return $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        namespace Generated.Area{{i % 20}};
        public sealed class Service{{i}}
        {
            private readonly Dictionary<string, int> _counts = new();
            public int Sum(IEnumerable<int> values) => values.Where(v => v % 3 != 0).Select(v => v * {{i}}).Sum();
            public string Describe(string name, int count) => $"{name}: {count} items in file {{i}}";
            public void Count(string word) { _counts[word] = _counts.TryGetValue(word, out var c) ? c + 1 : 1; }
            public async Task<int> SlowAsync(HttpClient http) => (await http.GetStringAsync("https://example.org/api/{{i}}")).Length;
            public IReadOnlyList<string> Sorted() => _counts.OrderByDescending(p => p.Value).Select(p => p.Key).ToList();
        {{model}}
        }
        """;
}

sealed class FactsText(string text) : AdditionalText
{
    public override string Path => "/src/app/obj/trustcheck.facts.txt";
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Registers the same kinds of actions as ModelCallSiteAnalyzer and does nothing: warms the analyzer driver.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class DriverWarmUp : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterSyntaxNodeAction(_ => { },
            Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression, Microsoft.CodeAnalysis.CSharp.SyntaxKind.ObjectCreationExpression));
    }
}
