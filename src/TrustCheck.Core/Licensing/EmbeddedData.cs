using System.Reflection;

namespace TrustCheck.Core.Licensing;

/// <summary>Reads the data files under src/TrustCheck.Core/Data (embedded as <c>TrustCheck.Data.&lt;relative path&gt;</c>).</summary>
internal static class EmbeddedData
{
    private const string Prefix = "TrustCheck.Data.";
    private static readonly Assembly Assembly = typeof(EmbeddedData).Assembly;

    public static string ReadText(string relativePath)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + relativePath)
            ?? throw new InvalidOperationException($"Embedded data file '{relativePath}' is missing from {Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Stream Open(string relativePath) =>
        Assembly.GetManifestResourceStream(Prefix + relativePath)
            ?? throw new InvalidOperationException($"Embedded data file '{relativePath}' is missing from {Assembly.GetName().Name}.");

    /// <summary>Relative paths of the embedded data files in <paramref name="folder"/> (e.g. "licenses/").</summary>
    public static IEnumerable<string> List(string folder) =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix + folder, StringComparison.Ordinal))
            .Select(n => n.Substring(Prefix.Length))
            .OrderBy(n => n, StringComparer.Ordinal);
}
