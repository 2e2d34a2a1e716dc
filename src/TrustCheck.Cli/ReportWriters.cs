using TrustCheck.Core.Reporting;

namespace TrustCheck.Cli;

internal static class ReportWriters
{
    public static void Write(Report report, string format, TextWriter writer, bool color)
    {
        switch (format)
        {
            case "json":
                writer.WriteLine(ReportJson.Serialize(report));
                break;
            case "text":
                TextReportWriter.Write(report, writer, color);
                break;
            case "sarif":
                writer.WriteLine(SarifReportWriter.Serialize(report));
                break;
            case "cyclonedx":
                writer.WriteLine(CycloneDxReportWriter.Serialize(report));
                break;
            case "markdown":
                writer.Write(MarkdownReportWriter.Serialize(report));
                break;
            default:
                throw new UsageException($"unknown --format '{format}'; use text, json, sarif, cyclonedx or markdown.");
        }
    }
}
