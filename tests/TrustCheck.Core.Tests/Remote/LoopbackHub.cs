using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrustCheck.Tests.Online;

namespace TrustCheck.Core.Tests.Remote;

/// <summary>One repository revision the hub serves: its commit, card data and files (LFS by SHA-256, small files by git blob id).</summary>
public sealed class HubRepository
{
    public required string Id { get; init; }
    public required string Commit { get; init; }
    /// <summary>Revisions (branches, tags) that resolve to <see cref="Commit"/>; the commit itself always does.</summary>
    public string[] Revisions { get; init; } = ["main"];
    public string? License { get; init; }
    public string? LicenseName { get; init; }
    /// <summary>false, "auto" or "manual", as the API says it.</summary>
    public object Gated { get; init; } = false;
    public required IReadOnlyDictionary<string, byte[]> Files { get; init; }
    /// <summary>Names stored in LFS (the hub decides by size and .gitattributes; weights are).</summary>
    public Func<string, bool> IsLfs { get; init; } = name => name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".gguf", StringComparison.Ordinal)
        || name.EndsWith(".bin", StringComparison.Ordinal) || name.EndsWith(".onnx", StringComparison.Ordinal);
}

/// <summary>
/// The Hugging Face hub's model API on 127.0.0.1 (a random free port): <c>GET /api/models/{org}/{name}/revision/{revision}?blobs=true</c>
/// answers in the API's real JSON shape (<c>sha</c>, <c>gated</c>, <c>cardData</c>, <c>siblings</c> with <c>blobId</c>,
/// <c>size</c> and <c>lfs.sha256</c>), written by us from the files given. Unknown repository or revision: 404 with the
/// hub's error header. Can fail with a status, stall, or send a body of our choosing (malformed or huge) on purpose.
/// </summary>
public sealed class LoopbackHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<HubRepository> _repositories;

    public LoopbackHub(params HubRepository[] repositories)
    {
        _repositories = repositories.ToList();
        BaseUrl = $"http://127.0.0.1:{LoopbackListener.FreePort()}";

        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    /// <summary>The endpoint, as HF_ENDPOINT takes it (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>Every request's path and query, as received (escaped).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public HttpStatusCode? FailWithStatus { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>When set, every answer is 200 with this body instead of the repository's JSON.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Replaces the served repositories (the hub moved a branch to a new commit).</summary>
    public void Serve(params HubRepository[] repositories)
    {
        lock (_repositories)
        {
            _repositories.Clear();
            _repositories.AddRange(repositories);
        }
    }

    /// <summary>The answer the hub gives for <paramref name="repository"/>, as a JSON object tests may alter.</summary>
    public static JsonObject Answer(HubRepository repository)
    {
        var siblings = new JsonArray();
        foreach (var (name, bytes) in repository.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var sibling = new JsonObject { ["rfilename"] = name, ["blobId"] = GitBlobSha1(bytes), ["size"] = bytes.Length };
            if (repository.IsLfs(name))
            {
                // An LFS file's blobId is its pointer file's, not the content's: only lfs.sha256 names the content.
                sibling["blobId"] = GitBlobSha1(Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{Sha256(bytes)}\nsize {bytes.Length}\n"));
                sibling["lfs"] = new JsonObject { ["sha256"] = Sha256(bytes), ["size"] = bytes.Length, ["pointerSize"] = 134 };
            }

            siblings.Add(sibling);
        }

        var card = new JsonObject { ["language"] = new JsonArray("en"), ["pipeline_tag"] = "text-generation" };
        if (repository.License is not null)
        {
            card["license"] = repository.License;
        }

        if (repository.LicenseName is not null)
        {
            card["license_name"] = repository.LicenseName;
        }

        var author = repository.Id.Split('/')[0];
        return new JsonObject
        {
            ["_id"] = "66e2b1" + repository.Commit[..18],
            ["id"] = repository.Id,
            ["modelId"] = repository.Id,
            ["author"] = author,
            ["sha"] = repository.Commit,
            ["lastModified"] = "2024-09-25T14:32:18.000Z",
            ["private"] = false,
            ["disabled"] = false,
            ["gated"] = repository.Gated is string text ? JsonValue.Create(text) : JsonValue.Create(false),
            ["downloads"] = 1234,
            ["likes"] = 56,
            ["library_name"] = "transformers",
            ["tags"] = new JsonArray("transformers", "safetensors", "text-generation"),
            ["pipeline_tag"] = "text-generation",
            ["cardData"] = card,
            ["siblings"] = siblings,
            ["spaces"] = new JsonArray(),
            ["createdAt"] = "2024-09-16T11:55:41.000Z",
            ["usedStorage"] = repository.Files.Values.Sum(f => (long)f.Length),
        };
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string GitBlobSha1(byte[] bytes) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));

    private Task AcceptLoop() => LoopbackListener.AcceptUntilClosed(_listener, _stopping.Token, Serve);

    private async Task Serve(HttpListenerContext context)
    {
        var raw = context.Request.RawUrl ?? "";
        _requests.Enqueue(raw);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stopping.Token);
            }

            var (status, body) = FailWithStatus is { } failure ? ((int)failure, Encoding.UTF8.GetBytes("{\"error\":\"Invalid credentials in Authorization header\"}"))
                : Body is { } fixedBody ? (200, fixedBody)
                : Route(raw);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            if (status == 404)
            {
                context.Response.AddHeader("X-Error-Code", "RevisionNotFound");
            }

            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, _stopping.Token);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (timeout and size tests) or the hub is being disposed.
        }
    }

    private (int Status, byte[] Body) Route(string rawUrl)
    {
        var path = rawUrl.Split('?')[0];
        const string prefix = "/api/models/";
        var marker = path.IndexOf("/revision/", StringComparison.Ordinal);
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || marker < 0)
        {
            return (404, Encoding.UTF8.GetBytes("{\"error\":\"Sorry, we can't find the page you are looking for.\"}"));
        }

        var id = path[prefix.Length..marker];
        var revision = Uri.UnescapeDataString(path[(marker + "/revision/".Length)..]);
        HubRepository? repository;
        lock (_repositories)
        {
            repository = _repositories.FirstOrDefault(r => r.Id == id && (r.Revisions.Contains(revision) || r.Commit == revision));
        }

        return repository is null
            ? (404, Encoding.UTF8.GetBytes($"{{\"error\":\"Invalid rev id: {revision}\"}}"))
            : (200, Encoding.UTF8.GetBytes(Answer(repository).ToJsonString()));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
    }
}
