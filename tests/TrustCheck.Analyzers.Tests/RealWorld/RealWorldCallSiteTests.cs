using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TrustCheck.Analyzers.Tests.Verification;
using TrustCheck.Facts;
using TrustCheck.Tests;
using Xunit.Abstractions;

namespace TrustCheck.Analyzers.Tests.RealWorld;

/// <summary>
/// The analyzer on real public C# files that load or name models (../shared/corpus/realworld/callsites, read at test
/// time, never copied here), compared with the diagnostics expected per call site (expected-callsites.tsv, written
/// before the analyzer was run on them). Each file is compiled alone against the real ML packages and the stub
/// assemblies (Verification/StubLibraries.cs), with the SDK's implicit usings: the app types the file uses from its
/// own project are missing, so compile errors are expected; the analyzer still sees every library call that binds.
/// </summary>
public class RealWorldCallSiteTests
{
    private static readonly string Folder = TestPaths.CorpusFile("realworld/callsites");
    private static readonly string ExpectationsFile = Path.Combine(TestPaths.RepoRoot, "tests", "TrustCheck.Analyzers.Tests", "RealWorld", "expected-callsites.tsv");

    // Floors at the measured figures (52 of 55 in scope; no false positive, see docs/analyzers-real-world.md): a lost
    // API or a new false positive fails. Raise them when the analyzer gets better, never lower them to pass.
    private const double MinimumRecall = 52.0 / 55;
    private const int MaximumFalsePositives = 0;

    private readonly ITestOutputHelper _output;

    public RealWorldCallSiteTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Analyzer_finds_the_expected_call_sites_of_real_code_and_nothing_else()
    {
        var expected = ReadExpectations();
        var files = ReadSourceList();
        Assert.True(files.Count >= 30, $"expected the corpus's call-site files in {Folder}");
        Assert.All(expected, e => Assert.Contains(e.File, files));

        var reported = new List<Finding>();
        foreach (var file in files)
        {
            var (findings, errors) = await AnalyzeAsync(file);
            reported.AddRange(findings);
            _output.WriteLine($"{file}: {findings.Count} diagnostics, {errors} compile errors (app types outside the file)");
        }

        var score = Score.Of(expected, reported);
        foreach (var line in score.Report())
        {
            _output.WriteLine(line);
        }

        Assert.True(score.InScopeRecall >= MinimumRecall,
            $"recall {score.InScopeFound}/{score.InScopeExpected} below {MinimumRecall:P0}; missed: {string.Join("; ", score.Missed)}");
        Assert.True(score.FalsePositives.Count <= MaximumFalsePositives,
            $"{score.FalsePositives.Count} false positives: {string.Join("; ", score.FalsePositives)}");
    }

    private static async Task<(List<Finding> Findings, int CompileErrors)> AnalyzeAsync(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Folder, file));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), parse, path: file),
            CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs"),
        };
        var compilation = CSharpCompilation.Create("RealWorld",
            trees,
            TestReferences.Framework.AddRange(TestReferences.MlLibraries).AddRange(StubLibraries.All),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var facts = AnalyzerFactsFormat.Write(new AnalyzerFacts { ProjectDirectory = "/src/app" });
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(
            new InMemoryAdditionalText("/src/app/obj/Debug/net10.0/" + AnalyzerFactsFormat.FileName, facts)));
        var analyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelCallSiteAnalyzer()), options);
        var diagnostics = await analyzers.GetAnalyzerDiagnosticsAsync();

        var findings = diagnostics
            .Where(d => d.Location.SourceTree?.FilePath == file)
            .Select(d => new Finding(file, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id, d.GetMessage()))
            .ToList();
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        return (findings, errors);
    }

    /// <summary>The usings the .NET SDK adds to projects with ImplicitUsings (console and web projects).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static List<string> ReadSourceList() => File.ReadLines(Path.Combine(Folder, "SOURCES.tsv"))
        .Skip(1)
        .Select(line => line.Split('\t')[0])
        .Where(name => name.Length > 0)
        .ToList();

    private static List<Expectation> ReadExpectations() => File.ReadLines(ExpectationsFile)
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line => line.Split('\t'))
        .Select(f => new Expectation(f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2], f[3] == "in", f.Length > 4 ? f[4] : ""))
        .ToList();

    internal sealed record Expectation(string File, int Line, string Rule, bool InScope, string Note)
    {
        public override string ToString() => $"{File}:{Line} {Rule} ({Note})";
    }

    internal sealed record Finding(string File, int Line, string Rule, string Message)
    {
        public override string ToString() => $"{File}:{Line} {Rule}: {Message}";
    }

    /// <summary>Expected hits found (by file, line and rule, each expectation used once) and the reports nobody expected.</summary>
    internal sealed class Score
    {
        public int InScopeExpected { get; private init; }
        public int InScopeFound { get; private init; }
        public int BeyondExpected { get; private init; }
        public int BeyondFound { get; private init; }
        public int Reported { get; private init; }
        public List<Expectation> Missed { get; } = new();
        public List<Finding> FalsePositives { get; } = new();

        public double InScopeRecall => InScopeExpected == 0 ? 1 : (double)InScopeFound / InScopeExpected;

        public double Precision => Reported == 0 ? 1 : (double)(Reported - FalsePositives.Count) / Reported;

        public static Score Of(IReadOnlyList<Expectation> expected, IReadOnlyList<Finding> reported)
        {
            var open = expected.ToList();
            var falsePositives = new List<Finding>();
            foreach (var finding in reported)
            {
                var match = open.FindIndex(e => e.File == finding.File && e.Line == finding.Line && e.Rule == finding.Rule);
                if (match < 0)
                {
                    falsePositives.Add(finding);
                }
                else
                {
                    open.RemoveAt(match);
                }
            }

            var score = new Score
            {
                InScopeExpected = expected.Count(e => e.InScope),
                InScopeFound = expected.Count(e => e.InScope) - open.Count(e => e.InScope),
                BeyondExpected = expected.Count(e => !e.InScope),
                BeyondFound = expected.Count(e => !e.InScope) - open.Count(e => !e.InScope),
                Reported = reported.Count,
            };
            score.Missed.AddRange(open.Where(e => e.InScope));
            score.FalsePositives.AddRange(falsePositives);
            return score;
        }

        public IEnumerable<string> Report()
        {
            yield return $"in scope: {InScopeFound}/{InScopeExpected} expected hits found ({InScopeRecall:P1})";
            yield return $"beyond a per-call-site analyzer: {BeyondFound}/{BeyondExpected}";
            yield return $"reported: {Reported}, false positives: {FalsePositives.Count} (precision {Precision:P1})";
            foreach (var missed in Missed)
            {
                yield return "missed: " + missed;
            }

            foreach (var falsePositive in FalsePositives)
            {
                yield return "false positive: " + falsePositive;
            }
        }
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
