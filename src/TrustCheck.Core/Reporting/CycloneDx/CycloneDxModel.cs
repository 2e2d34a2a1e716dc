using System.Text.Json.Serialization;

namespace TrustCheck.Core.Reporting.CycloneDx;

// The part of the CycloneDX 1.6 JSON model (https://cyclonedx.org/docs/1.6/json/) an ML-BOM of a .NET project needs.
// Property names follow the schema through the camelCase policy; "bom-ref" and "$schema" are spelled out. Null = absent.

public sealed record Bom(
    [property: JsonPropertyName("$schema")] string Schema,
    string BomFormat,
    string SpecVersion,
    string? SerialNumber,
    int Version,
    BomMetadata Metadata,
    IReadOnlyList<Component> Components,
    IReadOnlyList<Dependency> Dependencies);

public sealed record BomMetadata(BomTools Tools, Component? Component);

public sealed record BomTools(IReadOnlyList<Component> Components);

public sealed record Component(string Type, string Name)
{
    [JsonPropertyName("bom-ref")]
    public string? BomRef { get; init; }
    public string? Version { get; init; }
    public string? Author { get; init; }
    public string? Description { get; init; }
    public string? Scope { get; init; }
    public IReadOnlyList<Hash>? Hashes { get; init; }
    public IReadOnlyList<LicenseChoice>? Licenses { get; init; }
    public string? Purl { get; init; }
    public Pedigree? Pedigree { get; init; }
    public IReadOnlyList<ExternalReference>? ExternalReferences { get; init; }
    public ModelCard? ModelCard { get; init; }
    public IReadOnlyList<Property>? Properties { get; init; }
}

public sealed record Hash(string Alg, string Content);

/// <summary>Either one SPDX expression, or one license by SPDX id or by name (the schema's two shapes of licenseChoice).</summary>
public sealed record LicenseChoice(string? Expression = null, License? License = null);

public sealed record License(string? Id = null, string? Name = null, string? Url = null);

public sealed record ExternalReference(string Type, string Url);

public sealed record Property(string Name, string Value);

public sealed record Pedigree(IReadOnlyList<Component> Ancestors);

public sealed record Dependency(string Ref, IReadOnlyList<string> DependsOn);

public sealed record ModelCard(ModelParameters? ModelParameters, Considerations? Considerations, IReadOnlyList<Property>? Properties);

public sealed record ModelParameters
{
    public string? Task { get; init; }
    public string? ArchitectureFamily { get; init; }
    public string? ModelArchitecture { get; init; }
    public IReadOnlyList<ComponentData>? Datasets { get; init; }
}

/// <summary>An inline dataset entry (componentData); only its type and name are known from a model card.</summary>
public sealed record ComponentData(string Type, string Name);

public sealed record Considerations
{
    public IReadOnlyList<string>? UseCases { get; init; }
    public IReadOnlyList<string>? TechnicalLimitations { get; init; }
    public IReadOnlyList<Risk>? EthicalConsiderations { get; init; }
}

public sealed record Risk(string Name, string? MitigationStrategy);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(Bom))]
internal sealed partial class CycloneDxJsonContext : JsonSerializerContext;
