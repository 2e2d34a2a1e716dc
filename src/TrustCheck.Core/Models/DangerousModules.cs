using System.Text.Json;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Models;

/// <summary>
/// One list of modules whose import can run commands or code (Data/dangerous-modules.json), shared by the pickle check
/// (TC3010 wording) and the Keras config check (TC3012 error): the same import means the same thing in both formats.
/// </summary>
public static class DangerousModules
{
    private static readonly Lazy<(KeyValuePair<string, string>[] Modules, HashSet<string> Harmless)> Table = new(Load);

    /// <summary>Every listed module prefix and why it is dangerous.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All => Table.Value.Modules;

    /// <summary>Why importing <paramref name="qualifiedName"/> ("os.system") can run code, or null when its module is not listed.</summary>
    public static string? Reason(string qualifiedName)
    {
        if (Table.Value.Harmless.Contains(qualifiedName))
        {
            return null;
        }

        foreach (var (prefix, reason) in Table.Value.Modules)
        {
            if (qualifiedName == prefix || qualifiedName.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                return reason;
            }
        }

        return null;
    }

    private static (KeyValuePair<string, string>[], HashSet<string>) Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("dangerous-modules.json"));
        var root = document.RootElement;
        return (
            root.GetProperty("modules").EnumerateObject().Select(m => new KeyValuePair<string, string>(m.Name, m.Value.GetString() ?? "")).ToArray(),
            root.GetProperty("harmless").EnumerateArray().Select(h => h.GetString()!).ToHashSet(StringComparer.Ordinal));
    }
}
