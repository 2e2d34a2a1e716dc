namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// Diagnostic properties a code fix reads: replace <see cref="Find"/> with <see cref="Replace"/> inside the string literal
/// at the diagnostic's first additional location; optionally rename the invoked member.
/// </summary>
internal static class FixProperties
{
    public const string Find = "TrustCheck.Find";
    public const string Replace = "TrustCheck.Replace";
    /// <summary>Replace only at this character offset in the literal's value (keeps the fix exact when the text repeats).</summary>
    public const string Offset = "TrustCheck.Offset";
    public const string RenameMember = "TrustCheck.RenameMember";
    /// <summary>Human wording of the fix, shown as the code action title.</summary>
    public const string Title = "TrustCheck.FixTitle";
}
