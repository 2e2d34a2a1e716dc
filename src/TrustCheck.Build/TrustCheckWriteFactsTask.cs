namespace TrustCheck.Build;

/// <summary>
/// Writes the facts file the analyzers read through AdditionalFiles when the check did not (design-time builds, other
/// target frameworks, an up-to-date check). Runs in design-time builds, so it must stay cheap (the writer reads the lock
/// and the policy, never a model file) and must never fail the build.
/// </summary>
public sealed class TrustCheckWriteFactsTask : CheckTaskBase
{
    public override bool Execute()
    {
        WriteFacts(CreateOptions(offline: true));
        return true;
    }
}
