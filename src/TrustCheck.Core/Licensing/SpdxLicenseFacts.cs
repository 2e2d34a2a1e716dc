using NuGet.Packaging.Licenses;

namespace TrustCheck.Core.Licensing;

/// <summary>What the SPDX license list (as shipped in NuGet's <see cref="NuGetLicenseData"/>) says about one id.</summary>
/// <param name="Id">The id as the SPDX list spells it.</param>
public sealed record SpdxLicenseInfo(string Id, bool IsOsiApproved, bool IsDeprecated, bool IsFsfLibre);

/// <summary>One license id of an expression, as TC1003 reports it.</summary>
/// <param name="Id">The id as written in the expression (a trailing "+" kept).</param>
/// <param name="Replacement">For a deprecated GNU id, the id to use instead (e.g. "GPL-2.0-only").</param>
public sealed record SpdxIdReview(string Id, bool IsKnown, bool IsOsiApproved, bool IsDeprecated, string? Replacement);

/// <summary>
/// Facts about SPDX license and exception ids, from NuGet's copy of the SPDX list (no second copy to drift).
/// Lookups are case-insensitive; SPDX ids are case-insensitive by the spec.
/// </summary>
public static class SpdxLicenseFacts
{
    private static readonly Dictionary<string, SpdxLicenseInfo> Licenses = NuGetLicenseData.LicenseList.Values
        .ToDictionary(
            d => d.LicenseID,
            d => new SpdxLicenseInfo(d.LicenseID, d.IsOsiApproved, d.IsDeprecatedLicenseId, d.IsFsfLibre),
            StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> Exceptions = NuGetLicenseData.ExceptionList.Values
        .ToDictionary(d => d.LicenseExceptionID, d => d.LicenseExceptionID, StringComparer.OrdinalIgnoreCase);

    /// <summary>Version of the SPDX list data NuGet ships.</summary>
    public static string ListVersion => NuGetLicenseData.LicenseListVersion;

    public static bool TryGet(string id, out SpdxLicenseInfo info)
    {
        info = null!;
        if (string.IsNullOrWhiteSpace(id) || !Licenses.TryGetValue(id.Trim(), out var found))
        {
            return false;
        }

        info = found;
        return true;
    }

    /// <summary>True when <paramref name="id"/> is on the SPDX license list (deprecated ids included).</summary>
    public static bool IsKnown(string id) => TryGet(id, out _);

    public static bool IsOsiApproved(string id) => TryGet(id, out var info) && info.IsOsiApproved;

    public static bool IsDeprecated(string id) => TryGet(id, out var info) && info.IsDeprecated;

    public static bool IsException(string id) => !string.IsNullOrWhiteSpace(id) && Exceptions.ContainsKey(id.Trim());

    /// <summary>The id as the SPDX list spells it ("mit" → "MIT"), or null when it is not an SPDX license id.</summary>
    public static string? CanonicalId(string id) => TryGet(id, out var info) ? info.Id : null;

    /// <summary>The exception id as the SPDX list spells it, or null.</summary>
    public static string? CanonicalExceptionId(string id) =>
        !string.IsNullOrWhiteSpace(id) && Exceptions.TryGetValue(id.Trim(), out var canonical) ? canonical : null;

    /// <summary>
    /// Every license id of <paramref name="expression"/> with its SPDX facts (for TC1003: not OSI-approved / deprecated).
    /// A "+" suffix is judged on its base id; LicenseRef-… ids are not known and not OSI-approved.
    /// </summary>
    public static IReadOnlyList<SpdxIdReview> Review(string expression) => Reviews.GetOrAdd(expression, ReviewIds);

    /// <summary>Every package of every project is reviewed; its expression is one of a few: once per process.</summary>
    private static readonly BoundedMemo<IReadOnlyList<SpdxIdReview>> Reviews = new(4096, StringComparer.Ordinal);

    private static IReadOnlyList<SpdxIdReview> ReviewIds(string expression) =>
        SpdxExpression.LicenseIds(expression).Select(id =>
        {
            var found = TryGet(id, out var info) || (id.EndsWith('+') && TryGet(id[..^1], out info));
            return new SpdxIdReview(
                id,
                found,
                found && info.IsOsiApproved,
                found && info.IsDeprecated,
                ReplacementForDeprecated(id));
        }).ToArray();

    /// <summary>
    /// The current id for a deprecated GNU id: "GPL-2.0" → "GPL-2.0-only", "GPL-2.0+" → "GPL-2.0-or-later"
    /// (SPDX deprecated the bare GNU ids in favour of these). Null when there is no such replacement.
    /// </summary>
    public static string? ReplacementForDeprecated(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var trimmed = id.Trim();
        var orLater = trimmed.EndsWith('+');
        var bare = orLater ? trimmed[..^1] : trimmed;
        if (!TryGet(bare, out var info) || !info.IsDeprecated)
        {
            return null;
        }

        return CanonicalId(info.Id + (orLater ? "-or-later" : "-only"));
    }
}
