namespace TrustCheck.Core.Licensing;

/// <param name="SpdxId">The matched license.</param>
/// <param name="Similarity">0..1 similarity of the normalized texts.</param>
public sealed record LicenseTextMatch(string SpdxId, double Similarity);

/// <summary>Identifies a license file by its text (normalized, compared with the common licenses' texts).</summary>
public static class LicenseTextIdentifier
{
    /// <summary>The best match above the similarity threshold, or null: unknown text stays unknown.</summary>
    public static LicenseTextMatch? Identify(string text)
    {
        // Filled in by the licensing work.
        return null;
    }
}
