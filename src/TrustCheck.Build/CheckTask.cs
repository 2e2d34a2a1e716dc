using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TrustCheck.Build;

/// <summary>Runs the TrustCheck engine for one project and logs each finding with its TC code and help link.</summary>
public sealed class TrustCheckTask : Microsoft.Build.Utilities.Task
{
    [Required]
    public string ProjectPath { get; set; } = "";

    public override bool Execute()
    {
        // Filled in by the MSBuild integration work.
        return !Log.HasLoggedErrors;
    }
}
