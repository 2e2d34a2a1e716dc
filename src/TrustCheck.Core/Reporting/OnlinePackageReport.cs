using System.Text.Json.Serialization;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// What the package source said about one package (<c>packages[].online</c> in the JSON report; only with online checks on).
/// Facts the source does not provide stay null and are left out of the JSON.
/// </summary>
public sealed class OnlinePackageReport
{
    /// <summary>The v3 service index the facts came from.</summary>
    public required string Source { get; init; }

    /// <summary>Owner accounts, from the source's search service (nuget.org has them; many private feeds don't).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Owners { get; init; }

    /// <summary>True when the id is under a reserved (verified) prefix of its owner, from the search service.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Verified { get; init; }

    /// <summary>Highest listed stable version on the source.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatestVersion { get; init; }

    /// <summary>SPDX expression of <see cref="LatestVersion"/>'s license, when the source or its package says it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatestLicense { get; init; }

    /// <summary>The license file <see cref="LatestVersion"/>'s nuspec names when its text could not be read with range requests (the package is never downloaded whole).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatestLicenseFile { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DeprecationReport? Deprecation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<VulnerabilityReport>? Vulnerabilities { get; init; }
}

/// <summary>The resolved version's deprecation as the source states it.</summary>
public sealed class DeprecationReport
{
    /// <summary>NuGet's reasons: Legacy, CriticalBugs, Other (as the source spells them).</summary>
    public List<string> Reasons { get; init; } = new();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    /// <summary>The recommended replacement: "Id" or "Id@range".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AlternatePackage { get; init; }
}

/// <summary>One known vulnerability of the resolved version.</summary>
public sealed class VulnerabilityReport
{
    /// <summary>low | moderate | high | critical (NuGet's 0–3).</summary>
    public required string Severity { get; init; }

    public required string AdvisoryUrl { get; init; }
}
