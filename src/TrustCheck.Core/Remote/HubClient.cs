using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Online;

namespace TrustCheck.Core.Remote;

/// <summary>How a hub look-up ended: an answer, or why there is none (<see cref="NotFound"/>: the hub said the repository or revision does not exist).</summary>
internal sealed record HubLookup(HubModelInfo? Info, string? Failure, bool NotFound = false)
{
    public static HubLookup Answer(HubModelInfo info) => new(info, null);

    public static HubLookup Failed(string why, bool notFound = false) => new(null, why, notFound);
}

/// <summary>
/// Asks the Hugging Face hub's model API what a revision resolves to, the way huggingface_hub's <c>model_info(…,
/// files_metadata=True)</c> does. The endpoint is <c>HF_ENDPOINT</c> like the hub tools (default https://huggingface.co).
/// Answers are cached beside the package look-ups' (same folder, same expiry, <c>--no-cache</c> skips them); failures are not.
/// Bounded: one answer is at most <see cref="MaxAnswerBytes"/>, every request ends by the run's online deadline. No token is sent.
/// </summary>
internal sealed class HubClient : IDisposable
{
    public const string EndpointVariable = "HF_ENDPOINT";
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>A repository with thousands of files answers in a few MB; more is refused, not buffered.</summary>
    internal const long MaxAnswerBytes = 8 * 1024 * 1024;

    private const int CacheFormat = 1;

    private readonly Lazy<HttpClient> _http;
    private readonly string? _cacheDirectory;
    private readonly TimeSpan _expiry;

    public HubClient(string endpoint, string? cacheDirectory, TimeSpan expiry, TimeSpan timeout)
    {
        Endpoint = endpoint.TrimEnd('/');
        _cacheDirectory = cacheDirectory;
        _expiry = expiry;
        _http = new(() => new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = timeout,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        });
    }

    public string Endpoint { get; }

    /// <summary>HF_ENDPOINT when it is an absolute http(s) URL, else null (the caller reports it); unset → the public hub.</summary>
    public static string? EndpointFrom(Func<string, string?> environment)
    {
        var configured = environment(EndpointVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DefaultEndpoint;
        }

        return Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;
    }

    /// <summary>The API URL for a reference: the revision is one path segment (<c>refs/pr/1</c> escaped as huggingface_hub does).</summary>
    public string UrlFor(ModelReference reference) =>
        $"{Endpoint}/api/models/{reference.Namespace}/{reference.Name}/revision/{Uri.EscapeDataString(reference.Version)}?blobs=true";

    public async Task<HubLookup> LookUpAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        var url = UrlFor(reference);
        if (ReadCache(url) is { } cached)
        {
            return HubLookup.Answer(cached);
        }

        byte[] body;
        try
        {
            using var response = await _http.Value.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 401 or 403)
            {
                return HubLookup.Failed($"HTTP {status}: the hub wants authentication for it (a private or gated repository, or one that does not exist; TrustCheck sends no token)");
            }

            if (status == 404)
            {
                return HubLookup.Failed($"HTTP 404: the hub has no repository {reference.Namespace}/{reference.Name} with revision '{reference.Version}'", notFound: true);
            }

            if (status != 200)
            {
                return HubLookup.Failed($"HTTP {status} {response.ReasonPhrase}".TrimEnd());
            }

            if (response.Content.Headers.ContentLength is > MaxAnswerBytes)
            {
                return HubLookup.Failed($"the answer is {response.Content.Headers.ContentLength} bytes, more than the {MaxAnswerBytes} accepted");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new CappedMemoryStream(MaxAnswerBytes);
            try
            {
                await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            }
            catch (CappedMemoryStream.CapExceededException)
            {
                return HubLookup.Failed($"the answer is more than the {MaxAnswerBytes} bytes accepted");
            }

            body = buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            return HubLookup.Failed(ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message.TrimEnd('.')}: {inner.Message}"
                : ex.Message);
        }
        catch (OperationCanceledException)
        {
            return HubLookup.Failed("no answer in time");
        }

        HubModelInfo info;
        try
        {
            info = HubModelInfo.Parse(body);
        }
        catch (FormatException ex)
        {
            return HubLookup.Failed($"the answer is not the model API's: {ex.Message}");
        }

        WriteCache(url, info);
        return HubLookup.Answer(info);
    }

    private HubModelInfo? ReadCache(string url)
    {
        if (_cacheDirectory is null)
        {
            return null;
        }

        try
        {
            var path = CachePath(url);
            if (!File.Exists(path))
            {
                return null;
            }

            var entry = JsonSerializer.Deserialize(RegularFile.ReadAllBytes(path, MaxAnswerBytes), HubCacheJsonContext.Default.CachedHubAnswer);
            var fresh = entry is { Version: CacheFormat } && entry.Url == url
                && DateTimeOffset.UtcNow - entry.FetchedAt < _expiry && entry.FetchedAt <= DateTimeOffset.UtcNow.AddMinutes(5);
            return fresh ? entry!.Info : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private void WriteCache(string url, HubModelInfo info)
    {
        if (_cacheDirectory is null)
        {
            return;
        }

        try
        {
            var entry = new CachedHubAnswer { Version = CacheFormat, Url = url, FetchedAt = DateTimeOffset.UtcNow, Info = info };
            AtomicFile.WriteAllBytes(CachePath(url), JsonSerializer.SerializeToUtf8Bytes(entry, HubCacheJsonContext.Default.CachedHubAnswer));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run a look-up.
        }
    }

    private string CachePath(string url) =>
        Path.Combine(_cacheDirectory!, "hf-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32] + ".json");

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}

/// <summary>One cached hub answer (the parsed facts, not the raw JSON: a few KB instead of MB).</summary>
internal sealed class CachedHubAnswer
{
    public int Version { get; init; }
    public required string Url { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    public required HubModelInfo Info { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CachedHubAnswer))]
internal sealed partial class HubCacheJsonContext : JsonSerializerContext;
