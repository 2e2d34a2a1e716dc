namespace TrustCheck.Core.Facts;

/// <summary>
/// Writes the small facts file the Roslyn analyzers read through AdditionalFiles (declared/locked models, licenses,
/// policy severities). Cheap enough for design-time builds: reads the lock and the hash cache, never hashes.
/// </summary>
public static class AnalyzerFactsWriter
{
    /// <summary>Writes the facts for the project at <paramref name="options"/> to <paramref name="factsPath"/>; only rewrites when the content changed.</summary>
    public static void Write(string factsPath, CheckOptions options)
    {
        // Filled in by the analyzers work.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(factsPath))!);
        if (!File.Exists(factsPath))
        {
            File.WriteAllText(factsPath, "");
        }
    }
}
