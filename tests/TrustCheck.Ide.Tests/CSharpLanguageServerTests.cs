using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using TrustCheck.Build.Tests;
using TrustCheck.Tests;

namespace TrustCheck.Ide.Tests;

/// <summary>
/// An editor over LSP: the csharp-ls dotnet tool (installed from the package source into a temporary folder) loads a
/// consumer of the packed package and reports the package's TC4001 once its analyzers are enabled (csharp-ls leaves
/// analyzers off unless the client sets csharp.analyzersEnabled). csharp-ls answers pull diagnostics
/// (textDocument/diagnostic), so the test asks until the project has loaded.
/// </summary>
public sealed class CSharpLanguageServerTests : IClassFixture<PackedTrustCheck>
{
    private const string CSharpLsVersion = "0.28.0";
    private readonly PackedTrustCheck _packed;

    public CSharpLanguageServerTests(PackedTrustCheck packed) => _packed = packed;

    [Fact]
    public async Task Csharp_ls_reports_TC4001_from_the_package_analyzers_at_the_literal()
    {
        var tools = TestPaths.NewTempDirectory("trustcheck-csharp-ls");
        var consumer = new ConsumerProject(_packed.Feed, "csharp-ls")
            .WithCopy("models/relu.onnx", TestPaths.CorpusFile("onnx/simple/test_single_relu_model.onnx"))
            .WithItem("<None Include=\"models/relu.onnx\" />")
            .WithProgram("using Microsoft.ML.OnnxRuntime;\n\nusing var undeclared = new InferenceSession(\"models/other.onnx\");\n")
            .Create();
        try
        {
            var install = await DotnetCli.RunAsync(tools, "tool", "install", "csharp-ls", "--version", CSharpLsVersion, "--tool-path", tools);
            Assert.True(install.ExitCode == 0, install.ToString());
            var restore = await DotnetCli.RunAsync(consumer.Directory, "restore", ConsumerProject.ProjectFileName, "-nr:false");
            Assert.True(restore.ExitCode == 0, restore.ToString());

            await using var server = LanguageServer.Start(Path.Combine(tools, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls"), consumer.Directory);
            var root = new Uri(consumer.Directory + Path.DirectorySeparatorChar).AbsoluteUri;
            await server.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = root,
                ["capabilities"] = new JsonObject { ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject() } },
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "consumer" }),
            });
            await server.NotifyAsync("initialized", new JsonObject());
            await server.NotifyAsync("workspace/didChangeConfiguration",
                new JsonObject { ["settings"] = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } } });
            var program = consumer.PathOf("Program.cs");
            var uri = new Uri(program).AbsoluteUri;
            await server.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = File.ReadAllText(program) },
            });

            JsonNode? tc4001 = null;
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (tc4001 is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                var report = await server.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                tc4001 = report?["items"]?.AsArray().FirstOrDefault(item => (string?)item?["code"] == "TC4001");
            }

            Assert.NotNull(tc4001);
            // 0-based: line 3, the opening quote of "models/other.onnx" (dotnet build says Program.cs(3,45)).
            Assert.Equal(2, (int)tc4001!["range"]!["start"]!["line"]!);
            Assert.Equal(44, (int)tc4001["range"]!["start"]!["character"]!);
            Assert.Contains("models/other.onnx", (string?)tc4001["message"]);
        }
        finally
        {
            foreach (var folder in new[] { consumer.Directory, tools })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>A minimal LSP client over stdio: Content-Length framing, requests by id, server requests answered with null.</summary>
    private sealed class LanguageServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly SemaphoreSlim _write = new(1);
        private readonly Task _reader;
        private int _nextId;

        private LanguageServer(Process process)
        {
            _process = process;
            _reader = Task.Run(ReadLoopAsync);
        }

        public static LanguageServer Start(string executable, string workingDirectory)
        {
            var start = new ProcessStartInfo(executable)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment.Remove("MSBuildSDKsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            start.Environment.Remove("MSBuildExtensionsPath");
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { }; // drained, never read: its log is informational
            process.BeginErrorReadLine();
            return new LanguageServer(process);
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonObject parameters)
        {
            var id = Interlocked.Increment(ref _nextId);
            var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending)
            {
                _pending[id] = answer;
            }

            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            return await answer.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }

        public Task NotifyAsync(string method, JsonObject parameters) =>
            SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        private async Task SendAsync(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _write.WaitAsync();
            try
            {
                var stream = _process.StandardInput.BaseStream;
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
                await stream.WriteAsync(body);
                await stream.FlushAsync();
            }
            finally
            {
                _write.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            var stream = _process.StandardOutput.BaseStream;
            while (await ReadMessageAsync(stream) is { } message)
            {
                if (message["method"] is not null && message["id"] is { } requestId)
                {
                    // workspace/configuration, client/registerCapability, window/workDoneProgress/create …: null is a valid answer.
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = null });
                }
                else if (message["method"] is null && message["id"] is { } id && id.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                {
                    TaskCompletionSource<JsonNode?>? waiting;
                    lock (_pending)
                    {
                        _pending.Remove((int)id, out waiting);
                    }

                    waiting?.TrySetResult(message["result"]);
                }
            }
        }

        private static async Task<JsonNode?> ReadMessageAsync(Stream stream)
        {
            var length = -1;
            while (true)
            {
                var line = await ReadLineAsync(stream);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line["Content-Length:".Length..].Trim());
                }
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return JsonNode.Parse(body);
        }

        private static async Task<string?> ReadLineAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one) == 1)
            {
                if (one[0] == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }

            return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            try
            {
                await _reader.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException)
            {
            }

            _process.Dispose();
        }
    }
}
