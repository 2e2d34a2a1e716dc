namespace TrustCheck.Core.Models.Onnx;

/// <summary>Decides whether an ONNX external-data location stays inside the model's folder.</summary>
public static class ExternalDataPath
{
    /// <summary>Why <paramref name="location"/> leaves the model folder ("is an absolute path", …), or null when it stays inside.</summary>
    public static string? Escapes(string location)
    {
        var normalized = location.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':' && char.IsAsciiLetter(normalized[0])))
        {
            return "is an absolute path";
        }

        if (normalized.Contains('\0'))
        {
            return "contains a NUL character";
        }

        var depth = 0;
        foreach (var segment in normalized.Split('/'))
        {
            if (segment == "..")
            {
                if (--depth < 0)
                {
                    return "climbs out of the model folder with '..'";
                }
            }
            else if (segment is not ("" or "."))
            {
                depth++;
            }
        }

        return null;
    }
}
