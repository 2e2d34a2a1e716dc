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
            default:
                throw new UsageException($"--format {format} is not available yet; use text or json.");
        }
    }
}
