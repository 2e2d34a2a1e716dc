using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Reporting.CycloneDx;

// Kept in the Reporting namespace beside the other writers: front doors call every format the same way.
namespace TrustCheck.Core.Reporting;

/// <summary>
/// CycloneDX 1.6 ML-BOM: the project as the root component, NuGet packages as libraries (purl, license, SHA-512 from the
/// content hash, VCS reference), model files and folders as machine-learning-model components with a model card (task,
/// datasets, base model as pedigree, openness grade and license restrictions as considerations), and the dependency graph
/// from the restore (project → direct packages and models, package → its dependencies). Deterministic: the serial number
/// is derived from the content, no timestamp.
/// </summary>
public static class CycloneDxReportWriter
{
    private const string SchemaUri = "http://cyclonedx.org/schema/bom-1.6.schema.json";

    private static readonly JsonSerializerOptions Options = new(CycloneDxJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CycloneDxJsonContext.Default,
    };

    /// <summary>Stands in for the serial number while the content it is derived from is hashed.</summary>
    private const string SerialPlaceholder = "urn:uuid:00000000-0000-0000-0000-000000000000";

    /// <summary>Serializes once: the serial number is the hash of the BOM written with a placeholder, then put in its place.</summary>
    public static string Serialize(Report report)
    {
        // Typed metadata from the source-generated context: no reflection, so trimming and Native AOT keep working.
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Bom>)Options.GetTypeInfo(typeof(Bom));
        var json = JsonSerializer.Serialize(CreateBom(report) with { SerialNumber = SerialPlaceholder }, typeInfo);
        var index = json.IndexOf(SerialPlaceholder, StringComparison.Ordinal);
        return string.Concat(json.AsSpan(0, index), "urn:uuid:" + StableHash.Uuid(json), json.AsSpan(index + SerialPlaceholder.Length));
    }

    /// <summary>The BOM model without its serial number (<see cref="Serialize"/> derives that from the content).</summary>
    public static Bom CreateBom(Report report)
    {
        var packageRefs = report.Packages.ToDictionary(p => $"{p.Id}@{p.Version}", Purl, StringComparer.OrdinalIgnoreCase);
        var components = report.Packages.Select(PackageComponent).Concat(report.Models.Select(ModelComponent)).ToList();

        var dependencies = new List<Dependency>();
        Component? root = null;
        if (report.Project is { } project && report.Projects is { } projects)
        {
            // A solution: the root depends on its projects, each project on its direct packages and the projects it references.
            root = new Component("application", project.Name) { BomRef = ProjectRef(project) };
            dependencies.Add(new Dependency(root.BomRef!, projects.Select(ProjectRef).Concat(report.Models.Select(ModelRef)).ToList()));
            var projectRefs = projects.ToDictionary(p => p.Path, ProjectRef, StringComparer.Ordinal);
            foreach (var each in projects)
            {
                components.Add(new Component("application", each.Name) { BomRef = ProjectRef(each) });
                var direct = report.Packages.Where(p => p.Projects?.Any(u => u.Direct && u.Path == each.Path) == true).Select(Purl);
                var references = (each.References ?? []).Select(r => projectRefs.GetValueOrDefault(r)).OfType<string>();
                dependencies.Add(new Dependency(ProjectRef(each), direct.Concat(references).Distinct(StringComparer.Ordinal).ToList()));
            }
        }
        else if (report.Project is { } single)
        {
            root = new Component("application", single.Name) { BomRef = ProjectRef(single) };
            var direct = report.Packages.Where(p => p.Direct).Select(Purl).Concat(report.Models.Select(ModelRef)).ToList();
            dependencies.Add(new Dependency(root.BomRef!, direct));
        }

        dependencies.AddRange(report.Packages.Select(p => new Dependency(Purl(p),
            p.Dependencies.Select(d => packageRefs.GetValueOrDefault(d)).OfType<string>().Distinct(StringComparer.Ordinal).ToList())));
        dependencies.AddRange(report.Models.Select(m => new Dependency(ModelRef(m), [])));

        var tool = new Component("application", report.Tool.Name) { Version = report.Tool.Version };
        return new Bom(SchemaUri, "CycloneDX", "1.6", null, 1, new BomMetadata(new BomTools([tool]), root), components, dependencies);
    }

    private static Component PackageComponent(PackageReport package)
    {
        var references = new List<ExternalReference>();
        if (package.Repository?.Url is { Length: > 0 } repository && IsUri(repository))
        {
            references.Add(new ExternalReference("vcs", repository));
        }

        if (package.ProjectUrl is { Length: > 0 } website && IsUri(website))
        {
            references.Add(new ExternalReference("website", website));
        }

        if (package.Source is { Length: > 0 } source && IsUri(source))
        {
            references.Add(new ExternalReference("distribution", source));
        }

        var properties = new List<Property>
        {
            new("trustcheck:direct", Bool(package.Direct)),
            new("trustcheck:ml", Bool(package.Ml)),
            new("trustcheck:license.kind", package.License.Kind),
            new("trustcheck:signature.author", Bool(package.Signature.Author)),
            new("trustcheck:signature.repository", Bool(package.Signature.Repository)),
        };
        if (package.Repository?.Commit is { Length: > 0 } commit)
        {
            properties.Add(new Property("trustcheck:repository.commit", commit));
        }

        return new Component("library", package.Id)
        {
            BomRef = Purl(package),
            Version = package.Version,
            Author = package.Authors is { Length: > 0 } authors ? authors : null,
            Scope = "required",
            Purl = Purl(package),
            Hashes = Sha512Hex(package.ContentHash) is { } sha512 ? [new Hash("SHA-512", sha512)] : null,
            Licenses = Licenses(package.License),
            ExternalReferences = references.Count > 0 ? references : null,
            Properties = properties,
        };
    }

    private static Component ModelComponent(ModelReport model)
    {
        var baseModel = Metadata(model, "card.base_model") ?? Metadata(model, "general.base_model.0.name");
        return new Component("machine-learning-model", Metadata(model, "general.name") ?? Path.GetFileName(model.Path.TrimEnd('/')))
        {
            BomRef = ModelRef(model),
            Version = model.Provenance.Revision,
            Hashes = model.Sha256 is { Length: 64 } sha256 ? [new Hash("SHA-256", sha256)] : null,
            Licenses = Licenses(model.License),
            Pedigree = baseModel is null ? null : new Pedigree([new Component("machine-learning-model", baseModel)]),
            ExternalReferences = model.Provenance.Source is { Length: > 0 } source && IsUri(source) ? [new ExternalReference("distribution", source)] : null,
            ModelCard = ModelCardOf(model),
            Properties =
            [
                new("trustcheck:path", model.Path),
                new("trustcheck:format", model.Format),
                new("trustcheck:size", model.Size.ToString(CultureInfo.InvariantCulture)),
                new("trustcheck:locked", Bool(model.Provenance.Locked)),
                new("trustcheck:signed", Bool(model.Provenance.Signed)),
                .. model.Provenance.Signature is { } signature ? [new Property("trustcheck:signature", signature)] : Array.Empty<Property>(),
            ],
        };
    }

    /// <summary>
    /// What the model card and the file say, in CycloneDX's terms: the task and datasets as model parameters; the openness
    /// grade, each license restriction and an openwashing claim as considerations, so a reviewer of the BOM sees them.
    /// </summary>
    private static ModelCard ModelCardOf(ModelReport model)
    {
        var datasets = (Metadata(model, "card.datasets") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new ComponentData("dataset", name))
            .ToList();
        var parameters = new ModelParameters
        {
            Task = Metadata(model, "card.pipeline_tag"),
            ModelArchitecture = Metadata(model, "general.architecture"),
            Datasets = datasets.Count > 0 ? datasets : null,
        };

        var openness = model.Openness;
        var risks = openness.Restrictions
            .Select(r => new Risk($"License restriction: {r}", $"Check that the intended use complies with the {model.License.Expression ?? "model"} license terms ({r})."))
            .ToList();
        if (openness.Openwashing is { Length: > 0 } claim)
        {
            risks.Add(new Risk($"Openwashing: {claim}", "The model card calls the model open, but its license restricts use; treat it as open weights, not open source."));
        }

        var limitations = new List<string>
        {
            $"Openness: {openness.Class}{(openness.Osaid ? " (OSAID)" : "")}" +
            (openness.Components.Count > 0 ? $"; released components: {string.Join(", ", openness.Components)}" : ""),
        };
        var considerations = new Considerations { TechnicalLimitations = limitations, EthicalConsiderations = risks.Count > 0 ? risks : null };

        var properties = new List<Property>
        {
            new("trustcheck:format", model.Format),
            new("trustcheck:openness", openness.Class),
            new("trustcheck:osaid", Bool(openness.Osaid)),
        };
        properties.AddRange(openness.Restrictions.Select(r => new Property("trustcheck:restriction", r)));
        var hasParameters = parameters.Task is not null || parameters.ModelArchitecture is not null || parameters.Datasets is not null;
        return new ModelCard(hasParameters ? parameters : null, considerations, properties);
    }

    /// <summary>
    /// An SPDX expression with an operator stays an expression; one SPDX id becomes {id}; a LicenseRef (no SPDX id, e.g.
    /// Llama, Gemma) becomes {name}; only a licenseUrl becomes a named license with that URL.
    /// </summary>
    private static IReadOnlyList<LicenseChoice>? Licenses(LicenseReport license)
    {
        if (license.Expression is { Length: > 0 } expression)
        {
            if (expression.Contains(' ', StringComparison.Ordinal))
            {
                return [new LicenseChoice(Expression: expression)];
            }

            return SpdxLicenseFacts.CanonicalId(expression) is { } id
                ? [new LicenseChoice(License: new License(Id: id, Url: NullIfNotUri(license.Url)))]
                : [new LicenseChoice(License: new License(Name: expression, Url: NullIfNotUri(license.Url)))];
        }

        return license.Url is { Length: > 0 } url && IsUri(url)
            ? [new LicenseChoice(License: new License(Name: "License not identified (see URL)", Url: url))]
            : null;
    }

    private static string? Metadata(ModelReport model, string key)
    {
        if (model.Metadata.TryGetValue(key, out var value))
        {
            return NullIfEmpty(value);
        }

        // Folder models prefix each key with the file it came from ("README.md:card.datasets").
        foreach (var (name, entry) in model.Metadata)
        {
            if (name.EndsWith(":" + key, StringComparison.Ordinal))
            {
                return NullIfEmpty(entry);
            }
        }

        return null;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Purl(PackageReport package) =>
        $"pkg:nuget/{Uri.EscapeDataString(package.Id)}@{Uri.EscapeDataString(package.Version)}";

    private static string ModelRef(ModelReport model) => "model:" + model.Path;

    private static string ProjectRef(ProjectInfo project) => "project:" + project.Path;

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool IsUri(string value) => Uri.TryCreate(value, UriKind.Absolute, out _);

    private static string? NullIfNotUri(string? value) => value is not null && IsUri(value) ? value : null;

    /// <summary>NuGet content hashes are base64 SHA-512; CycloneDX wants hex.</summary>
    private static string? Sha512Hex(string? contentHash)
    {
        if (string.IsNullOrEmpty(contentHash))
        {
            return null;
        }

        var base64 = contentHash.StartsWith("sha512-", StringComparison.OrdinalIgnoreCase) ? contentHash[7..] : contentHash;
        var bytes = new byte[64];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 64
            ? Convert.ToHexStringLower(bytes)
            : null;
    }

}
