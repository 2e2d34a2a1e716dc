using System.Text.Json;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// Writes the JSON report property by property, exactly as the source-generated serializer would (a test compares the
/// two byte for byte on every field). Why by hand: building the serializer's metadata for the ~20 report types cost a
/// CLI run 11–13 ms on first use, more than the whole report-writing budget (benchmarks/reports); this costs ~1 ms.
/// Property order and null handling follow <see cref="Report"/>'s declarations; reading stays with the serializer.
/// </summary>
internal static class ReportJsonWriter
{
    public static void Write(Utf8JsonWriter json, Report report)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", report.SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", report.Tool.Name);
        json.WriteString("version", report.Tool.Version);
        json.WriteEndObject();
        if (report.Project is { } project)
        {
            json.WritePropertyName("project");
            WriteProject(json, project);
        }

        if (report.Projects is { } projects)
        {
            json.WriteStartArray("projects");
            foreach (var each in projects)
            {
                WriteProject(json, each);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            WriteFinding(json, finding);
        }

        json.WriteEndArray();
        json.WriteStartArray("packages");
        foreach (var package in report.Packages)
        {
            WritePackage(json, package);
        }

        json.WriteEndArray();
        json.WriteStartArray("models");
        foreach (var model in report.Models)
        {
            WriteModel(json, model);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteProject(Utf8JsonWriter json, ProjectInfo project)
    {
        json.WriteStartObject();
        json.WriteString("path", project.Path);
        json.WriteString("name", project.Name);
        if (project.References is { } references)
        {
            WriteStrings(json, "references", references);
        }

        json.WriteEndObject();
    }

    internal static void WriteFinding(Utf8JsonWriter json, ReportFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", finding.Severity);
        json.WriteString("message", finding.Message);
        json.WriteString("subject", finding.Subject);
        json.WritePropertyName("location");
        WriteLocation(json, finding.Location);
        json.WritePropertyName("data");
        WriteDictionary(json, finding.Data);
        json.WriteString("helpUri", finding.HelpUri);
        if (finding.Baselined)
        {
            json.WriteBoolean("baselined", true);
        }

        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, ReportLocation? location)
    {
        if (location is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("path", location.Path);
        WriteNumber(json, "line", location.Line);
        WriteNumber(json, "column", location.Column);
        if (location.Note is { } note)
        {
            json.WriteString("note", note);
        }

        if (location.Related is { } related)
        {
            json.WriteStartArray("related");
            foreach (var other in related)
            {
                WriteLocation(json, other);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, PackageReport package)
    {
        json.WriteStartObject();
        json.WriteString("id", package.Id);
        json.WriteString("version", package.Version);
        json.WriteBoolean("direct", package.Direct);
        json.WriteBoolean("ml", package.Ml);
        WriteStrings(json, "targetFrameworks", package.TargetFrameworks);
        WriteLicense(json, package.License);
        if (package.Repository is { } repository)
        {
            json.WriteStartObject("repository");
            json.WriteString("type", repository.Type);
            json.WriteString("url", repository.Url);
            json.WriteString("commit", repository.Commit);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("repository");
        }

        json.WriteString("projectUrl", package.ProjectUrl);
        json.WriteString("authors", package.Authors);
        var signature = package.Signature;
        json.WriteStartObject("signature");
        json.WriteBoolean("author", signature.Author);
        json.WriteBoolean("repository", signature.Repository);
        json.WriteString("authorSigner", signature.AuthorSigner);
        json.WriteString("authorFingerprint", signature.AuthorFingerprint);
        json.WriteString("repositorySigner", signature.RepositorySigner);
        json.WriteString("repositoryFingerprint", signature.RepositoryFingerprint);
        json.WriteEndObject();
        json.WriteString("contentHash", package.ContentHash);
        json.WriteString("source", package.Source);
        WriteStrings(json, "dependencies", package.Dependencies);
        if (package.Online is { } online)
        {
            WriteOnline(json, online);
        }

        if (package.Projects is { } projects)
        {
            json.WriteStartArray("projects");
            foreach (var use in projects)
            {
                json.WriteStartObject();
                json.WriteString("path", use.Path);
                json.WriteString("name", use.Name);
                json.WriteBoolean("direct", use.Direct);
                WriteStrings(json, "targetFrameworks", use.TargetFrameworks);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteOnline(Utf8JsonWriter json, OnlinePackageReport online)
    {
        json.WriteStartObject("online");
        json.WriteString("source", online.Source);
        if (online.Owners is { } owners)
        {
            WriteStrings(json, "owners", owners);
        }

        if (online.Verified is { } verified)
        {
            json.WriteBoolean("verified", verified);
        }

        WriteStringIfNotNull(json, "latestVersion", online.LatestVersion);
        WriteStringIfNotNull(json, "latestLicense", online.LatestLicense);
        WriteStringIfNotNull(json, "latestLicenseFile", online.LatestLicenseFile);
        if (online.Deprecation is { } deprecation)
        {
            json.WriteStartObject("deprecation");
            WriteStrings(json, "reasons", deprecation.Reasons);
            WriteStringIfNotNull(json, "message", deprecation.Message);
            WriteStringIfNotNull(json, "alternatePackage", deprecation.AlternatePackage);
            json.WriteEndObject();
        }

        if (online.Vulnerabilities is { } vulnerabilities)
        {
            json.WriteStartArray("vulnerabilities");
            foreach (var vulnerability in vulnerabilities)
            {
                json.WriteStartObject();
                json.WriteString("severity", vulnerability.Severity);
                json.WriteString("advisoryUrl", vulnerability.AdvisoryUrl);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, ModelReport model)
    {
        json.WriteStartObject();
        json.WriteString("path", model.Path);
        json.WriteString("format", model.Format);
        json.WriteNumber("size", model.Size);
        json.WriteString("sha256", model.Sha256);
        WriteLicense(json, model.License);
        var openness = model.Openness;
        json.WriteStartObject("openness");
        json.WriteString("class", openness.Class);
        json.WriteBoolean("osaid", openness.Osaid);
        WriteStrings(json, "restrictions", openness.Restrictions);
        WriteStrings(json, "components", openness.Components);
        json.WriteString("openwashing", openness.Openwashing);
        json.WriteEndObject();
        var provenance = model.Provenance;
        json.WriteStartObject("provenance");
        json.WriteBoolean("locked", provenance.Locked);
        json.WriteBoolean("signed", provenance.Signed);
        json.WriteString("signature", provenance.Signature);
        json.WriteString("signatureNote", provenance.SignatureNote);
        json.WriteString("source", provenance.Source);
        json.WriteString("revision", provenance.Revision);
        json.WriteEndObject();
        json.WritePropertyName("metadata");
        WriteDictionary(json, model.Metadata);
        if (model.Files is { } files)
        {
            WriteStrings(json, "files", files);
        }
        else
        {
            json.WriteNull("files");
        }

        json.WriteEndObject();
    }

    private static void WriteLicense(Utf8JsonWriter json, LicenseReport license)
    {
        json.WriteStartObject("license");
        json.WriteString("expression", license.Expression);
        json.WriteString("kind", license.Kind);
        json.WriteString("source", license.Source);
        json.WriteString("url", license.Url);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, List<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteDictionary(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string>>? values)
    {
        if (values is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        foreach (var (key, value) in values)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStringIfNotNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
