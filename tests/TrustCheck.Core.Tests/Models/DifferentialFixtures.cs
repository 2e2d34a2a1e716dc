using System.Text.Json;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// One file written by a format's own writer (tests/fixtures/differential/generate.py) and what that format's reference
/// reader said about it: accepted with its metadata, or rejected with its reason.
/// </summary>
public sealed record ReferenceReading(string File, string Writer, string Reference, string Format, bool Accepted, string? Reason, IReadOnlyDictionary<string, string> Metadata)
{
    public string FullPath => Path.Combine(DifferentialFixtures.Folder, "files", File.Replace('/', Path.DirectorySeparatorChar));

    public override string ToString() => File;
}

public static class DifferentialFixtures
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "differential");

    private static readonly Lazy<IReadOnlyList<ReferenceReading>> Readings = new(Load);

    public static IReadOnlyList<ReferenceReading> All => Readings.Value;

    public static IEnumerable<object[]> Rows(Func<ReferenceReading, bool> which) => All.Where(which).Select(r => new object[] { r });

    private static IReadOnlyList<ReferenceReading> Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return document.RootElement.GetProperty("files").EnumerateArray().Select(f => new ReferenceReading(
            f.GetProperty("file").GetString()!,
            f.GetProperty("writer").GetString()!,
            f.GetProperty("reference").GetString()!,
            f.GetProperty("format").GetString()!,
            f.GetProperty("accepted").GetBoolean(),
            f.GetProperty("reason").GetString(),
            f.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal))).ToList();
    }
}
