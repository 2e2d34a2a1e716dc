using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Models;

/// <summary>Model stage: discovery, format readers, license/openness, lock and signature verification.</summary>
public static class ModelCheck
{
    public static void Run(CheckContext context)
    {
        // Filled in by the model-assets work.
    }

    /// <summary>Lock entries for the models seen in <paramref name="context"/> (after <see cref="Run"/>).</summary>
    public static IEnumerable<LockedModel> CreateLockEntries(CheckContext context) =>
        context.Models.Where(m => m.Sha256 is not null).Select(m => new LockedModel
        {
            Path = m.Path,
            Size = m.Size,
            Sha256 = m.Sha256!,
            Source = m.Provenance.Source,
            Revision = m.Provenance.Revision,
            License = m.License.Expression,
            Format = m.Format,
        });
}
