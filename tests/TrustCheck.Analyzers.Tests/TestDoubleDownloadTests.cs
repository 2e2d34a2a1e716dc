using TrustCheck.Analyzers.Tests.Verification;

namespace TrustCheck.Analyzers.Tests;

/// <summary>
/// TC4002 and test doubles: a download client built in the same method or field initializer over a handler declared in
/// the project that derives from HttpMessageHandler itself sends nothing (Data/Transports.txt); any handler that can
/// reach the network keeps the report. Whisper.net 1.9.1 and System.Net.Http are the real libraries.
/// </summary>
public class TestDoubleDownloadTests
{
    private const string Handlers = """
        sealed class CapturingHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
        abstract class FakeBase : HttpMessageHandler { }
        sealed class DerivedFake : FakeBase
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
        sealed class LoggingHandler : DelegatingHandler
        {
            public LoggingHandler(HttpMessageHandler inner) : base(inner) { }
        }
        sealed class RecordingHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
        sealed class TweakedHandler : HttpClientHandler { }
        """;

    private static string App(string body) => $$"""
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Whisper.net.Ggml;
        using Microsoft.ML.OnnxRuntime;
        class App
        {
        {{body}}
        }
        {{Handlers}}
        """;

    [Fact]
    public Task Whisper_downloader_over_a_client_over_a_fake_handler_in_locals_is_quiet() => Verify.AnalyzerAsync(App("""
            async Task Fetch()
            {
                using var handler = new CapturingHandler();
                using var httpClient = new HttpClient(handler);
                var downloader = new WhisperGgmlDownloader(httpClient);
                using var model = await downloader.GetGgmlModelAsync(GgmlType.Base);
                using var vad = await downloader.GetGgmlSileroVadModelAsync();
            }
        """));

    [Fact]
    public Task Fake_handlers_nested_in_place_or_in_a_readonly_field_are_quiet() => Verify.AnalyzerAsync(App("""
            private readonly WhisperGgmlDownloader _downloader = new(new HttpClient(new DerivedFake(), disposeHandler: true));
            Task<Stream> Fetch() => _downloader.GetEncoderCoreMLModelAsync(GgmlType.Base);
            Task<Stream> Inline() => new WhisperGgmlDownloader(new HttpClient(new CapturingHandler())).GetGgmlModelAsync(GgmlType.Tiny);
            Task<byte[]> Hub() => new HttpClient(new CapturingHandler())
                .GetByteArrayAsync("https://huggingface.co/org/repo/resolve/main/model.onnx");
        """));

    [Theory]
    // A logging DelegatingHandler over the real handler, a subclass of the real handler, a library handler, a client
    // built elsewhere, a client replaced after its fake initializer: each can reach the network.
    [InlineData("new HttpClient(new LoggingHandler(new HttpClientHandler()))")]
    [InlineData("new HttpClient(new RecordingHandler())")]
    [InlineData("new HttpClient(new TweakedHandler())")]
    [InlineData("new HttpClient(new SocketsHttpHandler())")]
    [InlineData("new HttpClient()")]
    [InlineData("client")]
    [InlineData("Replaced()")]
    public Task Clients_that_can_reach_the_network_are_reported(string client) => Verify.AnalyzerAsync(App($$"""
            Task<Stream> Fetch(HttpClient client)
            {
                var downloader = new WhisperGgmlDownloader({{client}});
                return downloader.GetGgmlModelAsync({|TC4002:GgmlType.Base|});
            }
            HttpClient Replaced()
            {
                var http = new HttpClient(new CapturingHandler());
                http = new HttpClient();
                return http;
            }
        """));

    [Fact]
    public Task A_local_reassigned_after_its_fake_initializer_is_reported() => Verify.AnalyzerAsync(App("""
            Task<byte[]> Fetch(bool live)
            {
                var http = new HttpClient(new CapturingHandler());
                if (live) http = new HttpClient();
                return http.GetByteArrayAsync({|TC4002:"https://huggingface.co/org/repo/resolve/main/model.onnx"|});
            }
        """));

    [Fact]
    public Task A_readonly_field_replaced_in_the_constructor_is_reported() => Verify.AnalyzerAsync(App("""
            private readonly HttpClient _http = new(new CapturingHandler());
            App(HttpClient http) { _http = http; }
            Task<byte[]> Fetch() => _http.GetByteArrayAsync({|TC4002:"https://huggingface.co/org/repo/resolve/main/model.onnx"|});
        """));
}
