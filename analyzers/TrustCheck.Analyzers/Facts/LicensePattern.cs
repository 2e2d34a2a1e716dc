using System;

namespace TrustCheck.Analyzers.Facts;

/// <summary>Policy license patterns: an SPDX id or LicenseRef with optional '*' wildcards (<c>LicenseRef-*-NC</c>).</summary>
internal static class LicensePattern
{
    public static bool Matches(string pattern, string license)
    {
        var parts = pattern.Trim().Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern.Trim(), license, StringComparison.OrdinalIgnoreCase);
        }

        var position = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                if (!license.StartsWith(part, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                position = part.Length;
                continue;
            }

            if (i == parts.Length - 1)
            {
                return license.Length - part.Length >= position && license.EndsWith(part, StringComparison.OrdinalIgnoreCase);
            }

            var found = license.IndexOf(part, position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return true;
    }
}
