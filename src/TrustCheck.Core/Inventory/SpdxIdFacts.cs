using System.Reflection;
using NuGet.Packaging.Licenses;

namespace TrustCheck.Core.Inventory;

/// <summary>OSI approval and deprecation of one SPDX id.</summary>
public sealed record SpdxIdFact(string Id, bool Known, bool OsiApproved, bool Deprecated);

/// <summary>
/// SPDX facts for TC1003, from the SPDX license list NuGet.Packaging ships (NuGetLicenseData). That list is internal
/// to NuGet, so it is read once by reflection; if NuGet ever changes its shape, ids are reported as unknown
/// (no TC1003) instead of failing. Replace with the licensing catalog's SPDX facts once that lands.
/// </summary>
public static class SpdxIdFacts
{
    private static readonly Lazy<Func<string, SpdxIdFact>?> Lookup = new(CreateLookup);

    /// <summary>The license ids in an SPDX expression (operators, parentheses, '+' and WITH exceptions left out).</summary>
    public static IReadOnlyList<string> LicenseIds(string expression)
    {
        var ids = new List<string>();
        var tokens = expression.Replace("(", " ").Replace(")", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Equals("WITH", StringComparison.OrdinalIgnoreCase))
            {
                i++; // the exception id
                continue;
            }

            if (token.Equals("AND", StringComparison.OrdinalIgnoreCase) || token.Equals("OR", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            ids.Add(token.TrimEnd('+'));
        }

        return ids;
    }

    /// <summary>Facts for one id; <see cref="SpdxIdFact.Known"/> is false for LicenseRef-… and ids not on the SPDX list.</summary>
    public static SpdxIdFact Get(string id) =>
        Lookup.Value?.Invoke(id) ?? new SpdxIdFact(id, Known: false, OsiApproved: false, Deprecated: false);

    private static Func<string, SpdxIdFact>? CreateLookup()
    {
        try
        {
            var dataType = typeof(NuGetLicense).Assembly.GetType("NuGet.Packaging.Licenses.NuGetLicenseData");
            var list = dataType?.GetField("LicenseList", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as System.Collections.IDictionary;
            if (list is null)
            {
                return null;
            }

            const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
            PropertyInfo? osi = null;
            PropertyInfo? deprecated = null;
            return id =>
            {
                var entry = list.Contains(id) ? list[id] : null;
                if (entry is null)
                {
                    return new SpdxIdFact(id, Known: false, OsiApproved: false, Deprecated: false);
                }

                osi ??= entry.GetType().GetProperty("IsOsiApproved", Instance);
                deprecated ??= entry.GetType().GetProperty("IsDeprecatedLicenseId", Instance);
                return new SpdxIdFact(id, Known: true,
                    OsiApproved: osi?.GetValue(entry) is true,
                    Deprecated: deprecated?.GetValue(entry) is true);
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
