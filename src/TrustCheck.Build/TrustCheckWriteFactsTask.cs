using Microsoft.Build.Framework;
using TrustCheck.Core.Facts;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Build;

/// <summary>
/// Writes the facts file the analyzers read through AdditionalFiles. Runs in design-time builds too, so it must stay
/// cheap (the writer reads the lock and the policy, never a model file) and must never fail the build.
/// </summary>
public sealed class TrustCheckWriteFactsTask : CheckTaskBase
{
    /// <summary>$(IntermediateOutputPath)trustcheck.facts.txt (AnalyzerFactsFormat.FileName).</summary>
    [Required]
    public string FactsPath { get; set; } = "";

    /// <summary>$(IsTestProject): test projects get their own default severities for the analyzer rules (info).</summary>
    public bool IsTestProject { get; set; }

    public override bool Execute()
    {
        try
        {
            AnalyzerFactsWriter.Write(Path.GetFullPath(FactsPath), CreateOptions(offline: true), IsTestProject);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only or full obj/: the analyzers say TC4005 themselves; the build goes on.
            Warn(RuleIds.BuildStateNotWritten,
                $"TrustCheck could not write the analyzer facts file {FactsPath}: {ex.Message} The analyzers run without facts (TC4005) until it can be written; make the folder writable.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A design-time build that fails leaves the IDE without IntelliSense: report, don't break.
            Warn(RuleIds.InternalError,
                $"TrustCheck could not write the analyzer facts file {FactsPath}: {ex.GetType().Name}: {ex.Message}. The analyzers run without facts; please report this.");
        }

        return true;
    }

    private void Warn(string ruleId, string message) =>
        new FindingLogger(Log, ProjectPath, EffectiveWorkingDirectory, WarningPromotion.None).Log(new ReportFinding
        {
            RuleId = ruleId,
            Severity = "warning",
            Message = message,
            Subject = ProjectPath,
        });
}
