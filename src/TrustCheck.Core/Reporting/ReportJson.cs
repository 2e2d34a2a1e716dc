using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustCheck.Core.Reporting;

/// <summary>Serializes the report exactly as contract.md shows it: camelCase, nulls kept out of optional objects, indented.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Source-generated metadata: no reflection-based serializer start-up in every CLI run and build.
        TypeInfoResolver = ReportJsonContext.Default,
    };

    public static string Serialize(Report report) => JsonSerializer.Serialize(report, Options);

    public static void Write(Report report, Stream stream) => JsonSerializer.Serialize(stream, report, Options);

    public static Report? Deserialize(string json) => JsonSerializer.Deserialize<Report>(json, Options);
}

[JsonSerializable(typeof(Report))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
