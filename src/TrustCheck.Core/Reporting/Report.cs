using System.Text.Json.Serialization;

namespace TrustCheck.Core.Reporting;

/// <summary>The JSON report, <c>schemaVersion: 1</c> (docs: shared design contract.md). Deterministic: stable order, no timestamps.</summary>
public sealed class Report
{
    public int SchemaVersion { get; init; } = 1;
    public ToolInfo Tool { get; init; } = ToolInfo.Current;
    /// <summary>The checked project; absent for a model-only scan.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProjectInfo? Project { get; init; }
    /// <summary>A solution or folder check: every project it covered (then <see cref="Project"/> is the solution or folder). Absent for one project.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ProjectInfo>? Projects { get; init; }
    public List<ReportFinding> Findings { get; init; } = new();
    public List<PackageReport> Packages { get; init; } = new();
    public List<ModelReport> Models { get; init; } = new();

    [JsonIgnore]
    public bool HasErrors => Findings.Any(f => f.Severity == "error");
}

public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("trustcheck",
        typeof(ToolInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}

/// <param name="Path">The project file (or folder) as shown in reports; <paramref name="Name"/> is its file name without extension.</param>
public sealed record ProjectInfo(string Path, string Name)
{
    /// <summary>In a solution check: the projects this one references (ProjectReference, as restore resolved them), by path as shown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? References { get; init; }
}

public sealed class ReportFinding
{
    public required string RuleId { get; init; }
    public required string Severity { get; init; }
    public required string Message { get; init; }
    public required string Subject { get; init; }
    public ReportLocation? Location { get; init; }
    public IReadOnlyDictionary<string, string>? Data { get; init; }
    public string HelpUri => TrustCheck.Rules.RuleIds.HelpLink(RuleId);

    /// <summary>True when trustcheck.baseline.json lists the finding (its severity is then info); left out when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Baselined { get; init; }
}

/// <summary>Where a finding points (see <see cref="FindingLocation"/>); <see cref="Note"/> and <see cref="Related"/> are left out of the JSON when absent.</summary>
public sealed record ReportLocation(string Path, int? Line, int? Column = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReportLocation>? Related { get; init; }
}

public sealed class LicenseReport
{
    /// <summary>SPDX expression or LicenseRef-…; null when unknown.</summary>
    public string? Expression { get; set; }
    /// <summary>expression | file | url | metadata | override | none</summary>
    public string Kind { get; set; } = "none";
    /// <summary>Where the answer came from, e.g. "nuspec", "license-text", "license-url", "gguf:general.license".</summary>
    public string? Source { get; set; }
    public string? Url { get; set; }
}

public sealed class RepositoryReport
{
    public string? Type { get; set; }
    public string? Url { get; set; }
    public string? Commit { get; set; }
}

public sealed class SignatureReport
{
    public bool Author { get; set; }
    public bool Repository { get; set; }
    public string? AuthorSigner { get; set; }
    public string? AuthorFingerprint { get; set; }
    public string? RepositorySigner { get; set; }
    public string? RepositoryFingerprint { get; set; }
}

public sealed class PackageReport
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public bool Direct { get; set; }
    public bool Ml { get; set; }
    public List<string> TargetFrameworks { get; set; } = new();
    public LicenseReport License { get; set; } = new();
    public RepositoryReport? Repository { get; set; }
    public string? ProjectUrl { get; set; }
    public string? Authors { get; set; }
    public SignatureReport Signature { get; set; } = new();
    public string? ContentHash { get; set; }
    public string? Source { get; set; }
    /// <summary>The packages this one depends on, as restore resolved them ("Id@Version", sorted): the edges of the dependency graph.</summary>
    public List<string> Dependencies { get; set; } = new();
    /// <summary>Facts from the package source (online checks only); left out of the JSON when offline.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnlinePackageReport? Online { get; set; }
    /// <summary>In a solution or folder check: each project that resolves this package (absent for a one-project check).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PackageProjectReport>? Projects { get; set; }
}

/// <summary>One project's use of a package: direct or transitive there, and for which of its target frameworks.</summary>
public sealed class PackageProjectReport
{
    /// <summary>The project file as shown in reports.</summary>
    public required string Path { get; init; }
    public required string Name { get; init; }
    public bool Direct { get; init; }
    public List<string> TargetFrameworks { get; init; } = new();
}

public sealed class OpennessReport
{
    /// <summary>open-source | open-weights | restricted | unknown</summary>
    public string Class { get; set; } = "unknown";
    public bool Osaid { get; set; }
    public List<string> Restrictions { get; set; } = new();
    /// <summary>Model Openness Framework components found: weights, code, model-card, data-card, training-data.</summary>
    public List<string> Components { get; set; } = new();
    /// <summary>Set when the model card calls a restricted model "open".</summary>
    public string? Openwashing { get; set; }
}

public sealed class ModelProvenanceReport
{
    public bool Locked { get; set; }
    public bool Signed { get; set; }
    /// <summary>valid | invalid | missing | partial (what could not be checked offline is in SignatureNote)</summary>
    public string? Signature { get; set; }
    public string? SignatureNote { get; set; }
    public string? Source { get; set; }
    public string? Revision { get; set; }
}

public sealed class ModelReport
{
    public required string Path { get; init; }
    public string Format { get; set; } = "unknown";
    public long Size { get; set; }
    public string? Sha256 { get; set; }
    public LicenseReport License { get; set; } = new();
    public OpennessReport Openness { get; set; } = new();
    public ModelProvenanceReport Provenance { get; set; } = new();
    public SortedDictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);
    /// <summary>For folder models (Hugging Face layout): the files that make up the model, relative to <see cref="Path"/>.</summary>
    public List<string>? Files { get; set; }
}
