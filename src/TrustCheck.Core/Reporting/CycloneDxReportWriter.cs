using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// CycloneDX 1.6 BOM with NuGet packages as libraries and model files as machine-learning-model components (an ML-BOM).
/// Deterministic: the serial number is derived from the content, no timestamp.
/// </summary>
public static class CycloneDxReportWriter
{
    public static string Serialize(Report report)
    {
        var components = new JsonArray();
        foreach (var package in report.Packages)
        {
            components.Add(PackageComponent(package));
        }

        foreach (var model in report.Models)
        {
            components.Add(ModelComponent(model));
        }

        var bom = new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["tools"] = new JsonObject
                {
                    ["components"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "application",
                        ["name"] = report.Tool.Name,
                        ["version"] = report.Tool.Version,
                    }),
                },
            },
            ["components"] = components,
        };

        var body = bom.ToJsonString();
        bom["serialNumber"] = "urn:uuid:" + DeterministicGuid(body);
        return bom.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject PackageComponent(PackageReport package)
    {
        var purl = $"pkg:nuget/{Uri.EscapeDataString(package.Id)}@{Uri.EscapeDataString(package.Version)}";
        var component = new JsonObject
        {
            ["type"] = "library",
            ["bom-ref"] = purl,
            ["name"] = package.Id,
            ["version"] = package.Version,
            ["purl"] = purl,
            ["scope"] = "required",
        };
        if (package.Authors is { Length: > 0 } authors)
        {
            component["author"] = authors;
        }

        AddLicense(component, package.License);
        if (Sha512Hex(package.ContentHash) is { } sha512)
        {
            component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-512", ["content"] = sha512 });
        }

        var references = new JsonArray();
        if (package.Repository?.Url is { Length: > 0 } repo)
        {
            references.Add(new JsonObject { ["type"] = "vcs", ["url"] = repo });
        }

        if (package.ProjectUrl is { Length: > 0 } website)
        {
            references.Add(new JsonObject { ["type"] = "website", ["url"] = website });
        }

        if (package.Source is { Length: > 0 } source)
        {
            references.Add(new JsonObject { ["type"] = "distribution", ["url"] = source });
        }

        if (references.Count > 0)
        {
            component["externalReferences"] = references;
        }

        component["properties"] = Properties(
            ("trustcheck:direct", package.Direct ? "true" : "false"),
            ("trustcheck:ml", package.Ml ? "true" : "false"),
            ("trustcheck:license.kind", package.License.Kind),
            ("trustcheck:signature.author", package.Signature.Author ? "true" : "false"),
            ("trustcheck:signature.repository", package.Signature.Repository ? "true" : "false"));
        return component;
    }

    private static JsonObject ModelComponent(ModelReport model)
    {
        var component = new JsonObject
        {
            ["type"] = "machine-learning-model",
            ["bom-ref"] = "model:" + model.Path,
            ["name"] = model.Metadata.TryGetValue("general.name", out var name) ? name : Path.GetFileName(model.Path.TrimEnd('/')),
        };
        AddLicense(component, model.License);
        if (model.Sha256 is { Length: 64 } sha256)
        {
            component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = sha256 });
        }

        if (model.Provenance.Source is { Length: > 0 } source)
        {
            component["externalReferences"] = new JsonArray(new JsonObject { ["type"] = "distribution", ["url"] = source });
        }

        var properties = new List<(string, string)>
        {
            ("trustcheck:path", model.Path),
            ("trustcheck:format", model.Format),
            ("trustcheck:size", model.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("trustcheck:openness", model.Openness.Class),
            ("trustcheck:osaid", model.Openness.Osaid ? "true" : "false"),
            ("trustcheck:locked", model.Provenance.Locked ? "true" : "false"),
            ("trustcheck:signed", model.Provenance.Signed ? "true" : "false"),
        };
        properties.AddRange(model.Openness.Restrictions.Select(r => ("trustcheck:restriction", r)));
        component["properties"] = Properties(properties.ToArray());
        return component;
    }

    /// <summary>SPDX expressions go in "expression"; a bare LicenseRef or unknown-to-SPDX id is not a valid "id", so it goes in "name".</summary>
    private static void AddLicense(JsonObject component, LicenseReport license)
    {
        if (license.Expression is not { Length: > 0 } expression)
        {
            return;
        }

        var choice = expression.StartsWith("LicenseRef-", StringComparison.Ordinal) && !expression.Contains(' ')
            ? new JsonObject { ["license"] = new JsonObject { ["name"] = expression } }
            : new JsonObject { ["expression"] = expression };
        component["licenses"] = new JsonArray(choice);
    }

    private static JsonArray Properties(params (string Name, string Value)[] properties) =>
        new(properties.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["value"] = p.Value }).ToArray());

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

    private static Guid DeterministicGuid(string content)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
