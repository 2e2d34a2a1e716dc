using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Tests.Verification;

/// <summary>Builds facts files the way the MSBuild task does (through the shared format).</summary>
internal static class Facts
{
    public const string Commit = "4f2c1a9e8b7d6c5b4a39281706f5e4d3c2b1a098";

    public static AnalyzerFacts With(params AnalyzerModelFact[] models)
    {
        var facts = new AnalyzerFacts { ProjectDirectory = "/src/app" };
        facts.Models.AddRange(models);
        return facts;
    }

    public static AnalyzerModelFact Declared(string path) => new() { Path = path, State = AnalyzerModelFact.Declared };

    public static AnalyzerModelFact Locked(string path, string format = "", string license = "", string restrictions = "",
        string policy = "", string source = "", string revision = "") => new()
    {
        Path = path,
        State = AnalyzerModelFact.Locked,
        Sha256 = new string('a', 64),
        Format = format,
        License = license,
        Restrictions = restrictions.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
        Policy = policy,
        Source = source,
        Revision = revision,
    };
}
