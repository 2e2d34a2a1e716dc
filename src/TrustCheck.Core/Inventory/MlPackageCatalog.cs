using System.Text.Json;

namespace TrustCheck.Core.Inventory;

/// <summary>Which NuGet packages are ML/AI components (data file Data/ml-packages.json: exact ids and "Prefix*" patterns).</summary>
public static class MlPackageCatalog
{
    private const string ResourceName = "TrustCheck.Data.ml-packages.json";

    private static readonly Lazy<(HashSet<string> Ids, string[] Prefixes)> Entries = new(Load);

    public static bool IsMlPackage(string packageId)
    {
        var (ids, prefixes) = Entries.Value;
        if (ids.Contains(packageId))
        {
            return true;
        }

        foreach (var prefix in prefixes)
        {
            if (packageId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (HashSet<string> Ids, string[] Prefixes) Load()
    {
        using var stream = typeof(MlPackageCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from TrustCheck.Core.");
        using var document = JsonDocument.Parse(stream);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<string>();
        foreach (var id in document.RootElement.GetProperty("ids").EnumerateArray())
        {
            ids.Add(id.GetString()!);
        }

        foreach (var pattern in document.RootElement.GetProperty("prefixes").EnumerateArray())
        {
            var text = pattern.GetString()!;
            if (text.EndsWith('*'))
            {
                prefixes.Add(text[..^1]);
            }
            else
            {
                ids.Add(text);
            }
        }

        return (ids, prefixes.ToArray());
    }
}
