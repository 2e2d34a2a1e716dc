using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Inventory;

/// <summary>Package stage: inventory from project.assets.json, facts per package, license and provenance rules.</summary>
public static class PackageCheck
{
    public static void Run(CheckContext context)
    {
        // Filled in by the package-facts work.
    }

    /// <summary>Lock entries for the packages seen in <paramref name="context"/> (after <see cref="Run"/>).</summary>
    public static IEnumerable<LockedPackage> CreateLockEntries(CheckContext context) =>
        context.Packages.Select(p => new LockedPackage
        {
            Id = p.Id,
            Version = p.Version,
            License = p.License.Expression,
            LicenseKind = p.License.Kind,
            ContentHash = p.ContentHash,
        });
}
