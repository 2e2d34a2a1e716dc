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
        json.WriteNumber(Names.SchemaVersion, report.SchemaVersion);
        json.WriteStartObject(Names.Tool);
        json.WriteString(Names.Name, report.Tool.Name);
        json.WriteString(Names.Version, report.Tool.Version);
        json.WriteEndObject();
        if (report.Project is { } project)
        {
            json.WritePropertyName(Names.Project);
            WriteProject(json, project);
        }

        if (report.Projects is { } projects)
        {
            json.WriteStartArray(Names.Projects);
            foreach (var each in projects)
            {
                WriteProject(json, each);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray(Names.Findings);
        foreach (var finding in report.Findings)
        {
            WriteFinding(json, finding);
        }

        json.WriteEndArray();
        json.WriteStartArray(Names.Packages);
        foreach (var package in report.Packages)
        {
            WritePackage(json, package);
        }

        json.WriteEndArray();
        json.WriteStartArray(Names.Models);
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
        json.WriteString(Names.Path, project.Path);
        json.WriteString(Names.Name, project.Name);
        if (project.References is { } references)
        {
            WriteStrings(json, Names.References, references);
        }

        json.WriteEndObject();
    }

    internal static void WriteFinding(Utf8JsonWriter json, ReportFinding finding)
    {
        json.WriteStartObject();
        json.WriteString(Names.RuleId, finding.RuleId);
        json.WriteString(Names.Severity, finding.Severity);
        json.WriteString(Names.Message, finding.Message);
        json.WriteString(Names.Subject, finding.Subject);
        json.WritePropertyName(Names.Location);
        WriteLocation(json, finding.Location);
        json.WritePropertyName(Names.Data);
        WriteDictionary(json, finding.Data);
        json.WriteString(Names.HelpUri, finding.HelpUri);
        if (finding.Baselined)
        {
            json.WriteBoolean(Names.Baselined, true);
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
        json.WriteString(Names.Path, location.Path);
        WriteNumber(json, Names.Line, location.Line);
        WriteNumber(json, Names.Column, location.Column);
        if (location.Note is { } note)
        {
            json.WriteString(Names.Note, note);
        }

        if (location.Related is { } related)
        {
            json.WriteStartArray(Names.Related);
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
        json.WriteString(Names.Id, package.Id);
        json.WriteString(Names.Version, package.Version);
        json.WriteBoolean(Names.Direct, package.Direct);
        json.WriteBoolean(Names.Ml, package.Ml);
        WriteStrings(json, Names.TargetFrameworks, package.TargetFrameworks);
        WriteLicense(json, package.License);
        if (package.Repository is { } repository)
        {
            json.WriteStartObject(Names.Repository);
            json.WriteString(Names.Type, repository.Type);
            json.WriteString(Names.Url, repository.Url);
            json.WriteString(Names.Commit, repository.Commit);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull(Names.Repository);
        }

        json.WriteString(Names.ProjectUrl, package.ProjectUrl);
        json.WriteString(Names.Authors, package.Authors);
        var signature = package.Signature;
        json.WriteStartObject(Names.Signature);
        json.WriteBoolean(Names.Author, signature.Author);
        json.WriteBoolean(Names.Repository, signature.Repository);
        json.WriteString(Names.AuthorSigner, signature.AuthorSigner);
        json.WriteString(Names.AuthorFingerprint, signature.AuthorFingerprint);
        json.WriteString(Names.RepositorySigner, signature.RepositorySigner);
        json.WriteString(Names.RepositoryFingerprint, signature.RepositoryFingerprint);
        json.WriteEndObject();
        json.WriteString(Names.ContentHash, package.ContentHash);
        json.WriteString(Names.Source, package.Source);
        WriteStrings(json, Names.Dependencies, package.Dependencies);
        if (package.Online is { } online)
        {
            WriteOnline(json, online);
        }

        if (package.Projects is { } projects)
        {
            json.WriteStartArray(Names.Projects);
            foreach (var use in projects)
            {
                json.WriteStartObject();
                json.WriteString(Names.Path, use.Path);
                json.WriteString(Names.Name, use.Name);
                json.WriteBoolean(Names.Direct, use.Direct);
                WriteStrings(json, Names.TargetFrameworks, use.TargetFrameworks);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteOnline(Utf8JsonWriter json, OnlinePackageReport online)
    {
        json.WriteStartObject(Names.Online);
        json.WriteString(Names.Source, online.Source);
        if (online.Owners is { } owners)
        {
            WriteStrings(json, Names.Owners, owners);
        }

        if (online.Verified is { } verified)
        {
            json.WriteBoolean(Names.Verified, verified);
        }

        WriteStringIfNotNull(json, Names.LatestVersion, online.LatestVersion);
        WriteStringIfNotNull(json, Names.LatestLicense, online.LatestLicense);
        WriteStringIfNotNull(json, Names.LatestLicenseFile, online.LatestLicenseFile);
        if (online.Deprecation is { } deprecation)
        {
            json.WriteStartObject(Names.Deprecation);
            WriteStrings(json, Names.Reasons, deprecation.Reasons);
            WriteStringIfNotNull(json, Names.Message, deprecation.Message);
            WriteStringIfNotNull(json, Names.AlternatePackage, deprecation.AlternatePackage);
            json.WriteEndObject();
        }

        if (online.Vulnerabilities is { } vulnerabilities)
        {
            json.WriteStartArray(Names.Vulnerabilities);
            foreach (var vulnerability in vulnerabilities)
            {
                json.WriteStartObject();
                json.WriteString(Names.Severity, vulnerability.Severity);
                json.WriteString(Names.AdvisoryUrl, vulnerability.AdvisoryUrl);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, ModelReport model)
    {
        json.WriteStartObject();
        json.WriteString(Names.Path, model.Path);
        json.WriteString(Names.Format, model.Format);
        json.WriteNumber(Names.Size, model.Size);
        json.WriteString(Names.Sha256, model.Sha256);
        WriteLicense(json, model.License);
        var openness = model.Openness;
        json.WriteStartObject(Names.Openness);
        json.WriteString(Names.Class, openness.Class);
        json.WriteBoolean(Names.Osaid, openness.Osaid);
        WriteStrings(json, Names.Restrictions, openness.Restrictions);
        WriteStrings(json, Names.Components, openness.Components);
        json.WriteString(Names.Openwashing, openness.Openwashing);
        json.WriteEndObject();
        var provenance = model.Provenance;
        json.WriteStartObject(Names.Provenance);
        json.WriteBoolean(Names.Locked, provenance.Locked);
        json.WriteBoolean(Names.Signed, provenance.Signed);
        json.WriteString(Names.Signature, provenance.Signature);
        json.WriteString(Names.SignatureNote, provenance.SignatureNote);
        json.WriteString(Names.Source, provenance.Source);
        json.WriteString(Names.Revision, provenance.Revision);
        json.WriteEndObject();
        json.WritePropertyName(Names.Metadata);
        WriteDictionary(json, model.Metadata);
        if (model.Files is { } files)
        {
            WriteStrings(json, Names.Files, files);
        }
        else
        {
            json.WriteNull(Names.Files);
        }

        json.WriteEndObject();
    }

    private static void WriteLicense(Utf8JsonWriter json, LicenseReport license)
    {
        json.WriteStartObject(Names.License);
        json.WriteString(Names.Expression, license.Expression);
        json.WriteString(Names.Kind, license.Kind);
        json.WriteString(Names.Source, license.Source);
        json.WriteString(Names.Url, license.Url);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, JsonEncodedText name, List<string> values)
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

    private static void WriteNumber(Utf8JsonWriter json, JsonEncodedText name, int? value)
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

    private static void WriteStringIfNotNull(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>Property names encoded once: every project's report writes them for each of its ~40 packages.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText AdvisoryUrl = JsonEncodedText.Encode("advisoryUrl");
        public static readonly JsonEncodedText AlternatePackage = JsonEncodedText.Encode("alternatePackage");
        public static readonly JsonEncodedText Author = JsonEncodedText.Encode("author");
        public static readonly JsonEncodedText AuthorFingerprint = JsonEncodedText.Encode("authorFingerprint");
        public static readonly JsonEncodedText Authors = JsonEncodedText.Encode("authors");
        public static readonly JsonEncodedText AuthorSigner = JsonEncodedText.Encode("authorSigner");
        public static readonly JsonEncodedText Baselined = JsonEncodedText.Encode("baselined");
        public static readonly JsonEncodedText Class = JsonEncodedText.Encode("class");
        public static readonly JsonEncodedText Column = JsonEncodedText.Encode("column");
        public static readonly JsonEncodedText Commit = JsonEncodedText.Encode("commit");
        public static readonly JsonEncodedText Components = JsonEncodedText.Encode("components");
        public static readonly JsonEncodedText ContentHash = JsonEncodedText.Encode("contentHash");
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
        public static readonly JsonEncodedText Dependencies = JsonEncodedText.Encode("dependencies");
        public static readonly JsonEncodedText Deprecation = JsonEncodedText.Encode("deprecation");
        public static readonly JsonEncodedText Direct = JsonEncodedText.Encode("direct");
        public static readonly JsonEncodedText Expression = JsonEncodedText.Encode("expression");
        public static readonly JsonEncodedText Files = JsonEncodedText.Encode("files");
        public static readonly JsonEncodedText Findings = JsonEncodedText.Encode("findings");
        public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
        public static readonly JsonEncodedText HelpUri = JsonEncodedText.Encode("helpUri");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText LatestLicense = JsonEncodedText.Encode("latestLicense");
        public static readonly JsonEncodedText LatestLicenseFile = JsonEncodedText.Encode("latestLicenseFile");
        public static readonly JsonEncodedText LatestVersion = JsonEncodedText.Encode("latestVersion");
        public static readonly JsonEncodedText License = JsonEncodedText.Encode("license");
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText Location = JsonEncodedText.Encode("location");
        public static readonly JsonEncodedText Locked = JsonEncodedText.Encode("locked");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        public static readonly JsonEncodedText Ml = JsonEncodedText.Encode("ml");
        public static readonly JsonEncodedText Models = JsonEncodedText.Encode("models");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Note = JsonEncodedText.Encode("note");
        public static readonly JsonEncodedText Online = JsonEncodedText.Encode("online");
        public static readonly JsonEncodedText Openness = JsonEncodedText.Encode("openness");
        public static readonly JsonEncodedText Openwashing = JsonEncodedText.Encode("openwashing");
        public static readonly JsonEncodedText Osaid = JsonEncodedText.Encode("osaid");
        public static readonly JsonEncodedText Owners = JsonEncodedText.Encode("owners");
        public static readonly JsonEncodedText Packages = JsonEncodedText.Encode("packages");
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText Project = JsonEncodedText.Encode("project");
        public static readonly JsonEncodedText Projects = JsonEncodedText.Encode("projects");
        public static readonly JsonEncodedText ProjectUrl = JsonEncodedText.Encode("projectUrl");
        public static readonly JsonEncodedText Provenance = JsonEncodedText.Encode("provenance");
        public static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
        public static readonly JsonEncodedText References = JsonEncodedText.Encode("references");
        public static readonly JsonEncodedText Related = JsonEncodedText.Encode("related");
        public static readonly JsonEncodedText Repository = JsonEncodedText.Encode("repository");
        public static readonly JsonEncodedText RepositoryFingerprint = JsonEncodedText.Encode("repositoryFingerprint");
        public static readonly JsonEncodedText RepositorySigner = JsonEncodedText.Encode("repositorySigner");
        public static readonly JsonEncodedText Restrictions = JsonEncodedText.Encode("restrictions");
        public static readonly JsonEncodedText Revision = JsonEncodedText.Encode("revision");
        public static readonly JsonEncodedText RuleId = JsonEncodedText.Encode("ruleId");
        public static readonly JsonEncodedText SchemaVersion = JsonEncodedText.Encode("schemaVersion");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText Sha256 = JsonEncodedText.Encode("sha256");
        public static readonly JsonEncodedText Signature = JsonEncodedText.Encode("signature");
        public static readonly JsonEncodedText SignatureNote = JsonEncodedText.Encode("signatureNote");
        public static readonly JsonEncodedText Signed = JsonEncodedText.Encode("signed");
        public static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
        public static readonly JsonEncodedText TargetFrameworks = JsonEncodedText.Encode("targetFrameworks");
        public static readonly JsonEncodedText Tool = JsonEncodedText.Encode("tool");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
        public static readonly JsonEncodedText Verified = JsonEncodedText.Encode("verified");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Vulnerabilities = JsonEncodedText.Encode("vulnerabilities");
    }
}
