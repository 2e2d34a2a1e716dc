using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Diff;

/// <summary>
/// The diff as JSON (schemaVersion 1, shape in docs/pull-requests.md): the keys the contract names are always written
/// (null when unknown); signature/repository and format/openness pairs only on the entries where they changed.
/// Findings are written exactly as in the JSON report.
/// </summary>
public static class DiffJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(ProjectDiff diff)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(json, diff);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, ProjectDiff diff)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", diff.SchemaVersion);
        json.WriteString("base", diff.Base);

        json.WriteStartObject("packages");
        WriteList(json, "added", diff.Packages.Added, WritePackage);
        WriteList(json, "removed", diff.Packages.Removed, WritePackage);
        WriteList(json, "changed", diff.Packages.Changed, WritePackageChange);
        json.WriteEndObject();

        json.WriteStartObject("models");
        WriteList(json, "added", diff.Models.Added, WriteModel);
        WriteList(json, "removed", diff.Models.Removed, WriteModel);
        WriteList(json, "changed", diff.Models.Changed, WriteModelChange);
        json.WriteEndObject();

        json.WriteStartObject("findings");
        WriteList(json, "new", diff.Findings.New, ReportJsonWriter.WriteFinding);
        WriteList(json, "fixed", diff.Findings.Fixed, ReportJsonWriter.WriteFinding);
        json.WriteNumber("unchanged", diff.Findings.Unchanged);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteList<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            write(json, item);
        }

        json.WriteEndArray();
    }

    private static void WritePackage(Utf8JsonWriter json, PackageEntry package)
    {
        json.WriteStartObject();
        json.WriteString("id", package.Id);
        json.WriteString("version", package.Version);
        WriteNullable(json, "license", package.License);
        json.WriteEndObject();
    }

    private static void WritePackageChange(Utf8JsonWriter json, PackageChange change)
    {
        json.WriteStartObject();
        json.WriteString("id", change.Id);
        json.WriteString("from", change.From);
        json.WriteString("to", change.To);
        WriteNullable(json, "licenseFrom", change.LicenseFrom);
        WriteNullable(json, "licenseTo", change.LicenseTo);
        if (change.SignatureChanged)
        {
            json.WriteString("signatureFrom", change.SignatureFrom);
            json.WriteString("signatureTo", change.SignatureTo);
        }

        if (change.RepositoryChanged)
        {
            json.WriteString("repositoryFrom", change.RepositoryFrom);
            json.WriteString("repositoryTo", change.RepositoryTo);
        }

        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, ModelEntry model)
    {
        json.WriteStartObject();
        json.WriteString("path", model.Path);
        WriteNullable(json, "sha256", model.Sha256);
        WriteNullable(json, "license", model.License);
        json.WriteEndObject();
    }

    private static void WriteModelChange(Utf8JsonWriter json, ModelChange change)
    {
        json.WriteStartObject();
        json.WriteString("path", change.Path);
        WriteNullable(json, "sha256From", change.Sha256From);
        WriteNullable(json, "sha256To", change.Sha256To);
        WriteNullable(json, "licenseFrom", change.LicenseFrom);
        WriteNullable(json, "licenseTo", change.LicenseTo);
        if (change.FormatChanged)
        {
            json.WriteString("formatFrom", change.FormatFrom);
            json.WriteString("formatTo", change.FormatTo);
        }

        if (change.OpennessChanged)
        {
            json.WriteString("opennessFrom", change.OpennessFrom);
            json.WriteString("opennessTo", change.OpennessTo);
        }

        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
