using System;
using System.Collections.Generic;

namespace TrustCheck.Analyzers.Facts;

/// <summary>Pure string handling of paths as written in code (no file system access in an analyzer).</summary>
internal static class ModelPath
{
    /// <summary>Forward slashes, no "./", "a/../b" folded, no trailing slash.</summary>
    public static string Normalize(string path)
    {
        var text = path.Trim().Replace('\\', '/');
        var rooted = text.StartsWith("/", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in text.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return (rooted ? "/" : "") + string.Join("/", segments);
    }

    /// <summary>True when <paramref name="path"/> ends with <paramref name="tail"/> at a folder boundary.</summary>
    public static bool EndsWithSegments(string path, string tail, StringComparison comparison) =>
        tail.Length > 0 && path.Length > tail.Length
        && path.EndsWith(tail, comparison)
        && path[path.Length - tail.Length - 1] == '/';

    public static string FileName(string path)
    {
        var slash = path.LastIndexOfAny(new[] { '/', '\\' });
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    public static string WithoutExtension(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot > path.LastIndexOf('/') ? path.Substring(0, dot) : path;
    }

    public static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
