using System.Net;

namespace TrustCheck.Core.Online;

/// <summary>
/// One plain GET of a source's service index before NuGet.Protocol is let loose on it. NuGet retries a refused
/// connection or a 5xx answer for about 40 s; a build with online checks should learn in seconds that a source is down.
/// Only "down" counts here (no connection, timeout, 5xx): a 401/403 is left to NuGet, which knows the source's credentials.
/// </summary>
internal sealed class SourceProbe : IDisposable
{
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    // Created on first use: a run answered from the cache never pays for an HTTP stack.
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(new SocketsHttpHandler
    {
        ConnectTimeout = ProbeTimeout,
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = ProbeTimeout,
    });

    /// <summary>Why the source is down, or null when it answered.</summary>
    public async Task<string?> FailureAsync(string serviceIndexUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.Value.GetAsync(serviceIndexUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status >= 500 ? $"HTTP {status} {response.ReasonPhrase}".TrimEnd() : null;
        }
        catch (HttpRequestException ex)
        {
            return ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message.TrimEnd('.')}: {inner.Message}"
                : ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
