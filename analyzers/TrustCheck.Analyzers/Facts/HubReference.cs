using System;

namespace TrustCheck.Analyzers.Facts;

/// <summary>A Hugging Face hub file URL: https://huggingface.co/&lt;org&gt;/&lt;repo&gt;/resolve/&lt;revision&gt;/&lt;file&gt;.</summary>
internal sealed class HubReference
{
    private static readonly string[] Hosts = { "huggingface.co", "www.huggingface.co", "hf.co" };

    private HubReference(string repository, string revision, string file, int revisionStart)
    {
        Repository = repository;
        Revision = revision;
        File = file;
        RevisionStart = revisionStart;
    }

    /// <summary>org/repo.</summary>
    public string Repository { get; }
    /// <summary>Branch, tag or commit between /resolve/ and the file path.</summary>
    public string Revision { get; }
    public string File { get; }
    /// <summary>Index of <see cref="Revision"/> in the parsed URL.</summary>
    public int RevisionStart { get; }

    public bool IsPinned => IsCommit(Revision);

    public static HubReference? Parse(string url)
    {
        var rest = StripScheme(url);
        if (rest is null)
        {
            return null;
        }

        var hostEnd = rest.IndexOf('/');
        if (hostEnd < 0 || Array.IndexOf(Hosts, rest.Substring(0, hostEnd).ToLowerInvariant()) < 0)
        {
            return null;
        }

        var offset = url.Length - rest.Length + hostEnd + 1;
        var path = rest.Substring(hostEnd + 1);
        var end = path.IndexOfAny(new[] { '?', '#' });
        if (end >= 0)
        {
            path = path.Substring(0, end);
        }

        var segments = path.Split('/');
        if (segments.Length >= 5 && segments[2] is "resolve" or "blob" or "raw" && segments[3].Length > 0)
        {
            var revisionStart = offset + segments[0].Length + segments[1].Length + segments[2].Length + 3;
            return new HubReference(segments[0] + "/" + segments[1], segments[3], string.Join("/", segments, 4, segments.Length - 4), revisionStart);
        }

        return null;
    }

    /// <summary>org/repo of a lock source: a hub URL, "hf://org/repo" or "org/repo"; null when it is none of those.</summary>
    public static string? RepositoryOf(string source)
    {
        if (source.Length == 0)
        {
            return null;
        }

        var rest = source.StartsWith("hf://", StringComparison.OrdinalIgnoreCase) ? "huggingface.co/" + source.Substring(5) : StripScheme(source);
        if (rest is null)
        {
            var plain = source.Split('/');
            return plain.Length == 2 && plain[0].Length > 0 && plain[1].Length > 0 ? source : null;
        }

        var segments = rest.Split('/');
        if (segments.Length < 3 || Array.IndexOf(Hosts, segments[0].ToLowerInvariant()) < 0)
        {
            return null;
        }

        return segments[1] + "/" + segments[2].Split('?', '#')[0];
    }

    /// <summary>A full git commit id (40 hex digits).</summary>
    public static bool IsCommit(string revision) => revision.Length == 40 && IsHex(revision);

    /// <summary>A plain URL that carries its own integrity pin: a sha256 digest or a commit in the path.</summary>
    public static bool HasDigest(string url)
    {
        if (url.IndexOf("sha256", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        foreach (var segment in url.Split('/', '?', '#', '=', '&', '@', ':'))
        {
            if ((segment.Length == 40 || segment.Length == 64) && IsHex(segment))
            {
                return true;
            }
        }

        return false;
    }

    private static string? StripScheme(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return scheme < 0 ? null : url.Substring(scheme + 3);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }
}
