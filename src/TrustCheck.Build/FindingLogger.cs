using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Build;

/// <summary>
/// Logs one report finding as an MSBuild error, warning or message with its TC code and help link, so NoWarn,
/// WarningsAsErrors and the IDE's error list treat it like any other diagnostic. Package findings point at the line that
/// declares the package (PackageReference, or PackageVersion with Central Package Management; a transitive one at the
/// reference that brings it in); model, policy and lock findings at their file (and line and column when known).
/// </summary>
public sealed class FindingLogger
{
    private readonly TaskLoggingHelper _log;
    private readonly string _projectPath;
    private readonly string _workingDirectory;
    private readonly WarningPromotion _promotion;

    public FindingLogger(TaskLoggingHelper log, string projectPath, string workingDirectory, WarningPromotion promotion)
    {
        _log = log;
        _projectPath = projectPath;
        _workingDirectory = workingDirectory;
        _promotion = promotion;
    }

    public void Log(ReportFinding finding)
    {
        var file = finding.Location is { Path.Length: > 0 } location
            ? Path.GetFullPath(Path.Combine(_workingDirectory, location.Path))
            : _projectPath;
        var line = finding.Location?.Line ?? 0;
        var column = finding.Location?.Column ?? 0; // policy errors (TC9001) point at a column
        var helpLink = finding.HelpUri;
        // The note says why the finding sits on this line (e.g. the direct package that brings in a transitive one).
        var note = finding.Location?.Note is { Length: > 0 } text ? " " + text : "";
        // Console and CI logs do not show the helpLink field, so the message carries it too.
        var baselined = finding.Baselined ? " (baselined: listed in trustcheck.baseline.json)" : "";
        var message = $"{finding.Message}{note}{baselined} ({helpLink})";

        switch (finding.Severity)
        {
            case "error":
                _log.LogError(null, finding.RuleId, null, helpLink, file, line, column, 0, 0, message);
                break;
            case "warning" when _promotion.PromotesToError(finding.RuleId):
                _log.LogError(null, finding.RuleId, null, helpLink, file, line, column, 0, 0, message);
                break;
            case "warning":
                _log.LogWarning(null, finding.RuleId, null, helpLink, file, line, column, 0, 0, message);
                break;
            default:
                // Info findings (unsigned package, no repository metadata, …) hold for many packages and ask
                // nothing of the user: shown at normal verbosity and in the report, never on a quiet build.
                _log.LogMessage(null, finding.RuleId, null, file, line, column, 0, 0, MessageImportance.Normal, message);
                break;
        }
    }
}
