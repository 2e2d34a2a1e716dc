using System.Text.Json;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Tests.Remote;
using TrustCheck.Tests;
using static TrustCheck.Core.Tests.Remote.OllamaStoreFixture;
using static TrustCheck.Core.Tests.Remote.StoreBytes;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// `check`/`lock` of a real solution whose projects declare remote models with TrustCheckModelReference items: each project's
/// items are read, the solution's one lock gets one entry per reference, and an hf: reference the cache lacks is pinned
/// through a loopback hub with --online. Stores and hub are reached through the environment, in a real CLI process.
/// </summary>
[Collection(CliProcessCollection.Name)]
public sealed class SolutionReferenceTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("trustcheck-solution-refs");
    private readonly LoopbackHub _hub;
    private readonly OllamaStoreFixture _ollama;

    public SolutionReferenceTests()
    {
        _ollama = new OllamaStoreFixture(Path.Combine(_root, "stores", "ollama"));
        _ollama.Library("llama3.2", "1b", (ModelType, Gguf("Llama 3.2 1B")), (LicenseType, Corpus("realworld/model-licenses/llama3.2.txt")));
        new HuggingFaceCacheFixture(Path.Combine(_root, "stores", "hf")).Snapshot("org", "tiny", Commit('d'),
            new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["README.md"] = Text("---\nlicense: mit\n---\n"), ["model.safetensors"] = Safetensors() });
        _hub = new LoopbackHub(new HubRepository
        {
            Id = "org/online-only",
            Commit = Commit('e'),
            License = "apache-2.0",
            Files = new Dictionary<string, byte[]> { ["config.json"] = Text("{}"), ["model.safetensors"] = Safetensors() },
        });

        Project("Chat", "ollama:llama3.2:1b");
        Project("Embed", "hf:org/tiny", "ollama:llama3.2:1b", "hf:org/online-only");
        DotnetCommand.Run(_root, "new", "sln", "--format", "sln", "--name", "Demo");
        DotnetCommand.Run(_root, "sln", "Demo.sln", "add", "src/Chat/Chat.csproj", "src/Embed/Embed.csproj");
        DotnetRestore.Run(Path.Combine(_root, "Demo.sln"), _root);
    }

    public void Dispose()
    {
        _hub.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private void Project(string name, params string[] references)
    {
        var path = Path.Combine(_root, "src", name, name + ".csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var items = string.Join("\n", references.Select(r => $"""    <TrustCheckModelReference Include="{r}" />"""));
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
    }

    private CliResult Run(params string[] arguments) => CliRunner.Run(_root, new Dictionary<string, string>
    {
        ["OLLAMA_MODELS"] = _ollama.Root,
        ["HF_HUB_CACHE"] = Path.Combine(_root, "stores", "hf"),
        ["HF_ENDPOINT"] = _hub.BaseUrl,
        ["TRUSTCHECK_CACHE_DIR"] = Path.Combine(_root, "cache"),
    }, arguments);

    [Fact]
    public void Solution_lock_records_each_projects_references_once_and_check_compares_them()
    {
        var locked = Run("lock", "Demo.sln", "--online");

        Assert.True(locked.ExitCode == CliApp.ExitOk, locked.ToString());
        var lockFile = LockFileStore.Read(Path.Combine(_root, TrustCheckLock.FileName)).Lock!;
        Assert.Equal(["hf:org/online-only", "hf:org/tiny", "ollama:llama3.2:1b"], lockFile.References!.Select(r => r.Reference));
        var online = lockFile.References!.Single(r => r.Reference == "hf:org/online-only");
        Assert.Equal((Commit('e'), "model-card"), (online.Revision, online.LicenseKind));
        Assert.Single(_hub.Requests);

        var check = Run("check", "Demo.sln", "--format", "json");
        Assert.True(check.ExitCode == CliApp.ExitOk, check.ToString());
        using (var json = JsonDocument.Parse(check.Stdout))
        {
            var sources = json.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("provenance").GetProperty("source").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal(["hf:org/online-only", "hf:org/tiny", "ollama:llama3.2:1b"], sources);
            Assert.DoesNotContain(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() is "TC3001" or "TC3002");
        }

        // Locking one project into the solution's lock keeps the other project's references.
        Assert.Equal(CliApp.ExitOk, Run("lock", "src/Chat/Chat.csproj").ExitCode);
        Assert.Equal(3, LockFileStore.Read(Path.Combine(_root, TrustCheckLock.FileName)).Lock!.References!.Count);

        // A re-pulled model is TC3002 in the solution check, for each project that declares it.
        _ollama.Library("llama3.2", "1b", (ModelType, Gguf("Llama 3.2 1B, re-quantized")), (LicenseType, Corpus("realworld/model-licenses/llama3.2.txt")));
        var changed = Run("check", "Demo.sln", "--format", "json");
        Assert.Equal(CliApp.ExitFindings, changed.ExitCode);
        using (var json = JsonDocument.Parse(changed.Stdout))
        {
            var mismatches = json.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "TC3002").ToList();
            Assert.Equal(2, mismatches.Count);
            Assert.All(mismatches, f => Assert.Equal("ollama:llama3.2:1b", f.GetProperty("subject").GetString()));
        }
    }
}
