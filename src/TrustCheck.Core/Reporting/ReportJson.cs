using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustCheck.Core.Reporting;

/// <summary>Serializes the report exactly as contract.md shows it: camelCase, nulls kept out of optional objects, indented.</summary>
public static class ReportJson
{
    /// <summary>Readable text: 'quotes', dashes and other non-ASCII characters stay as they are.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(Report report) => WriteToString(writer => ReportJsonWriter.Write(writer, report));

    /// <summary>
    /// The bytes of <see cref="Serialize"/> in UTF-8 followed by <see cref="Environment.NewLine"/>, written straight into
    /// <paramref name="output"/>: no UTF-16 copy of a report (the build task's report file).
    /// </summary>
    public static void WriteLine(Report report, IBufferWriter<byte> output)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            ReportJsonWriter.Write(writer, report);
        }

        var lineEnd = Environment.NewLine;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(lineEnd.Length));
        output.Advance(Encoding.UTF8.GetBytes(lineEnd, span));
    }

    public static void Write(Report report, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        ReportJsonWriter.Write(writer, report);
    }

    /// <summary>The serializer's own output: the reference <see cref="ReportJsonWriter"/> is tested against.</summary>
    internal static string SerializeWithSerializer(Report report) =>
        WriteToString(writer => JsonSerializer.Serialize(writer, report, ReportJsonContext.Default.Report));

    public static Report? Deserialize(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.Report);

    private static string WriteToString(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Reading the report back (tests, tools); the reference output for <see cref="ReportJsonWriter"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(Report))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
