using System.Text.RegularExpressions;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// Whether a model's declared source names immutable bytes: a 40-hex git commit, a sha256 digest, or a Hugging Face
/// <c>resolve/&lt;commit&gt;/</c> URL. Branches (<c>main</c>), tags and plain URLs can change under the same name.
/// </summary>
public static partial class SourcePin
{
    /// <summary>Null when pinned; otherwise why not, for the TC3008 message.</summary>
    public static string? WhyUnpinned(string source, string? revision)
    {
        if (IsPinnedRevision(revision))
        {
            return null;
        }

        if (DigestInUrl().IsMatch(source) || CommitSegment().IsMatch(source))
        {
            return null;
        }

        if (HubRevisionSegment().Match(source) is { Success: true } hub)
        {
            return $"it resolves the moving revision '{Uri.UnescapeDataString(hub.Groups["rev"].Value)}' (a branch or tag, not a commit)";
        }

        if (!string.IsNullOrWhiteSpace(revision))
        {
            return $"its revision '{revision}' is a branch or tag name, not a 40-hex commit or sha256 digest";
        }

        return "the URL has no commit, revision or digest in it and the lock entry has no revision";
    }

    /// <summary>A git commit (40 hex), a sha256 digest (<c>sha256:</c> + 64 hex, or bare 64 hex).</summary>
    public static bool IsPinnedRevision(string? revision) =>
        !string.IsNullOrWhiteSpace(revision) && PinnedRevision().IsMatch(revision.Trim());

    [GeneratedRegex("^(?:[0-9a-fA-F]{40}|(?:sha256:)?[0-9a-fA-F]{64})$")]
    private static partial Regex PinnedRevision();

    /// <summary>@sha256:… (OCI / Ollama), ?digest=sha256:…, or a sha256 digest path segment.</summary>
    [GeneratedRegex("(?:sha256[:=/][0-9a-fA-F]{64})(?![0-9a-fA-F])")]
    private static partial Regex DigestInUrl();

    /// <summary>A path segment that is exactly a 40-hex commit (…/resolve/&lt;sha&gt;/…, raw.githubusercontent.com/o/r/&lt;sha&gt;/…, ?revision=&lt;sha&gt;).</summary>
    [GeneratedRegex("(?:[/=@])[0-9a-fA-F]{40}(?:[/?&#]|$)")]
    private static partial Regex CommitSegment();

    /// <summary>Hugging Face file URL whose revision is a name: …/resolve/main/…, …/blob/v1.0/….</summary>
    [GeneratedRegex("/(?:resolve|blob|raw|tree)/(?<rev>[^/?#]+)/")]
    private static partial Regex HubRevisionSegment();
}
