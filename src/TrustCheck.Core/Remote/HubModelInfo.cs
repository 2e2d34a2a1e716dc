using System.Text.Json;

namespace TrustCheck.Core.Remote;

/// <summary>One file of a hub repository at a commit: LFS files carry their SHA-256, small git files only their git blob id.</summary>
internal sealed record HubFile(string Name, long Size, string? Sha256, string? GitBlobSha1);

/// <summary>
/// What the Hugging Face hub's model API says about a repository at a revision
/// (<c>GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true</c>, as huggingface_hub's
/// <c>model_info(…, files_metadata=True)</c> asks): the commit the revision resolves to, the card's license, the gated flag
/// and every file with its LFS SHA-256 or git blob id.
/// </summary>
internal sealed record HubModelInfo(string Commit, string? License, string? LicenseName, string? LicenseLink, string? Gated, IReadOnlyList<HubFile> Files)
{
    /// <summary>Repositories hold at most a few thousand files; more is not an answer we trust.</summary>
    private const int MaxFiles = 20_000;

    /// <summary>The answer's JSON; throws <see cref="FormatException"/> naming what is wrong when it is not the API's shape.</summary>
    public static HubModelInfo Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the answer is not JSON ({ex.Message.Split('\n')[0].Trim()})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the answer is not a JSON object");
            }

            var commit = String(root, "sha");
            if (commit is null || !IsHex(commit, 40))
            {
                throw new FormatException("the answer has no 40-hex commit in 'sha'");
            }

            var card = root.TryGetProperty("cardData", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            var license = card.ValueKind == JsonValueKind.Object ? LicenseOf(card) : null;
            return new HubModelInfo(
                commit.ToLowerInvariant(),
                license,
                card.ValueKind == JsonValueKind.Object ? String(card, "license_name") : null,
                card.ValueKind == JsonValueKind.Object ? String(card, "license_link") : null,
                GatedOf(root),
                ReadFiles(root));
        }
    }

    /// <summary><c>license</c> is a string, or a list of them (several licenses: each applies).</summary>
    private static string? LicenseOf(JsonElement card)
    {
        if (!card.TryGetProperty("license", out var license))
        {
            return null;
        }

        if (license.ValueKind == JsonValueKind.String)
        {
            return Bounded(license.GetString());
        }

        if (license.ValueKind == JsonValueKind.Array)
        {
            var ids = license.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => Bounded(e.GetString())).OfType<string>().Take(8).ToList();
            return ids.Count == 0 ? null : string.Join(" AND ", ids);
        }

        return null;
    }

    /// <summary><c>gated</c> is false, or "auto" / "manual" (access needs accepting the terms, approved automatically or by the authors).</summary>
    private static string? GatedOf(JsonElement root) =>
        !root.TryGetProperty("gated", out var gated) ? null : gated.ValueKind switch
        {
            JsonValueKind.String => Bounded(gated.GetString()),
            JsonValueKind.True => "true",
            _ => null,
        };

    private static List<HubFile> ReadFiles(JsonElement root)
    {
        var files = new List<HubFile>();
        if (!root.TryGetProperty("siblings", out var siblings) || siblings.ValueKind != JsonValueKind.Array)
        {
            return files;
        }

        foreach (var sibling in siblings.EnumerateArray())
        {
            if (files.Count == MaxFiles)
            {
                throw new FormatException($"the answer lists more than {MaxFiles} files");
            }

            var name = sibling.ValueKind == JsonValueKind.Object ? String(sibling, "rfilename") : null;
            if (name is null || !IsSafeName(name))
            {
                throw new FormatException($"a file entry has no usable 'rfilename' ({(name is null ? "missing" : "'" + Bounded(name) + "'")})");
            }

            string? sha256 = null;
            var size = Size(sibling, "size");
            if (sibling.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
            {
                sha256 = String(lfs, "sha256");
                if (sha256 is null || !IsHex(sha256, 64))
                {
                    throw new FormatException($"{name}: the LFS entry has no 64-hex 'sha256'");
                }

                size = Size(lfs, "size") ?? size;
            }

            var blob = String(sibling, "blobId");
            if (blob is not null && !IsHex(blob, 40))
            {
                throw new FormatException($"{name}: 'blobId' is not a 40-hex git blob id");
            }

            files.Add(new HubFile(name, size ?? 0, sha256?.ToLowerInvariant(), sha256 is null ? blob?.ToLowerInvariant() : null));
        }

        return files;
    }

    private static long? Size(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var size) && size >= 0 ? size : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A path inside the repository: relative, forward slashes, no <c>..</c>, no control characters.</summary>
    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 1024
        && !name.StartsWith('/') && !name.Contains('\\') && !name.Contains(':')
        && !name.Any(char.IsControl)
        && name.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    private static bool IsHex(string text, int length) => text.Length == length && text.All(Uri.IsHexDigit);

    private static string? Bounded(string? text) => text is null ? null : text.Length <= 200 ? text : text[..200] + "…";
}
