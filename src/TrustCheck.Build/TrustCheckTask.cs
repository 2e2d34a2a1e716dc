using Microsoft.Build.Framework;
using TrustCheck.Core;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Build;

/// <summary>Runs the TrustCheck engine for one project, logs each finding with its TC code and help link, writes the JSON report.</summary>
public sealed class TrustCheckTask : CheckTaskBase
{
    /// <summary>Start of the low-importance log line that lists the model files the task was given.</summary>
    public const string ModelFilesMessagePrefix = "TrustCheck model files:";

    /// <summary>$(TrustCheckOffline): online look-ups against the package source are opt-in.</summary>
    public bool Offline { get; set; } = true;

    /// <summary>Where the JSON report (schemaVersion 1) goes: $(IntermediateOutputPath)trustcheck.report.json.</summary>
    [Required]
    public string ReportPath { get; set; } = "";

    /// <summary>$(TreatWarningsAsErrors): MSBuild only applies it to the compiler, so the task honours it for TC warnings.</summary>
    public bool TreatWarningsAsErrors { get; set; }

    /// <summary>$(WarningsNotAsErrors): TC codes that stay warnings under <see cref="TreatWarningsAsErrors"/>.</summary>
    public string? WarningsNotAsErrors { get; set; }

    /// <summary>$(TrustCheckBaseline), else the nearest trustcheck.baseline.json (the targets look it up, so it is also an input).</summary>
    public string? BaselinePath { get; set; }

    /// <summary>$(NoWarn): a suppressed warning is never promoted (MSBuild then turns it into a message).</summary>
    public string? NoWarn { get; set; }

    /// <summary>The target's stamp, written only after a run without errors, so a failed build runs the check again.</summary>
    public string? StampPath { get; set; }

    /// <summary>True when this run also wrote the analyzer facts file: the facts target then has nothing to do.</summary>
    [Output]
    public bool FactsWritten { get; private set; }

    public override bool Execute()
    {
        Log.LogMessage(MessageImportance.Low, DependencyIsolation.Describe());

        Report report;
        CheckOptions options;
        try
        {
            options = CreateOptions(Offline);
            options.BaselinePath = NullIfEmpty(BaselinePath) is { } baseline ? Path.GetFullPath(baseline) : null;
            Log.LogMessage(MessageImportance.Low, $"{ModelFilesMessagePrefix} {string.Join(" | ", options.ModelPaths)}");
            report = TrustCheckEngine.Check(options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The engine turns bad input into findings; reaching this is a bug, reported as one finding, never a crash.
            LogInternalError($"TrustCheck could not check {ProjectPath}: {ex.GetType().Name}: {ex.Message}. Please report this.");
            return !Log.HasLoggedErrors;
        }

        var logger = CreateLogger();
        foreach (var finding in report.Findings)
        {
            logger.Log(finding);
        }

        WriteReport(report);
        // One task for both files: a second task per project (and its own read of the policy and lock) cost more than the facts.
        WriteFacts(options);
        FactsWritten = NullIfEmpty(FactsPath) is not null;
        if (!Log.HasLoggedErrors)
        {
            WriteStamp(StampPath);
        }

        return !Log.HasLoggedErrors;
    }

    private void WriteReport(Report report)
    {
        try
        {
            var fullPath = Path.GetFullPath(ReportPath);
            // Write beside, then move: a cancelled or concurrent build never leaves half a report for CI to parse. An
            // identical report (a rebuild of an unchanged project) is only touched, so the target stays up to date.
            // Bytes in a pooled buffer, no string copies: a report is ~64 KB, and large allocations per project would
            // make the long-lived build node collect its whole heap again and again.
            using var buffer = new PooledBufferWriter(64 * 1024);
            ReportJson.WriteLine(report, buffer);
            AtomicFile.WriteAllBytesUnlessSame(fullPath, buffer.WrittenSpan);
            Log.LogMessage(MessageImportance.Low, $"TrustCheck report: {fullPath}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The findings are already in the build log; only the file is missing.
            LogProjectFinding(RuleIds.BuildStateNotWritten,
                $"TrustCheck could not write its report to {ReportPath}: {ex.Message} The findings above are complete; make the folder writable or set TrustCheckReportPath.");
        }
    }

    private void LogInternalError(string message) => LogProjectFinding(RuleIds.InternalError, message);

    private void LogProjectFinding(string ruleId, string message)
    {
        var finding = new ReportFinding
        {
            RuleId = ruleId,
            Severity = RuleCatalog.Get(ruleId).DefaultSeverity.ToName(),
            Message = message,
            Subject = ProjectPath,
        };
        CreateLogger().Log(finding);
    }

    private FindingLogger CreateLogger() =>
        new(Log, ProjectPath, EffectiveWorkingDirectory, new WarningPromotion(TreatWarningsAsErrors, WarningsNotAsErrors, NoWarn));
}
