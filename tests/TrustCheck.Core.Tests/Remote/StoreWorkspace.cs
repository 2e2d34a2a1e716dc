using TrustCheck.Core.Policy;
using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Remote;

/// <summary>A temp folder with an Ollama store and a Hugging Face cache, and runs of the engine that find them through the environment.</summary>
internal sealed class StoreWorkspace : IDisposable
{
    public StoreWorkspace()
    {
        Root = TestPaths.NewTempDirectory("trustcheck-stores");
        Ollama = new OllamaStoreFixture(Path.Combine(Root, "ollama", "models"));
        HuggingFace = new HuggingFaceCacheFixture(Path.Combine(Root, "hf", "hub"));
        Directory.CreateDirectory(Ollama.Root);
        Directory.CreateDirectory(HuggingFace.Root);
    }

    public string Root { get; }

    public OllamaStoreFixture Ollama { get; }

    public HuggingFaceCacheFixture HuggingFace { get; }

    public string LockPath => Path.Combine(Root, "trustcheck.lock.json");

    public TrustCheckPolicy Policy { get; set; } = TrustCheckPolicy.Default;

    /// <summary>False: the stores are not where the environment points (a CI machine that never pulled anything).</summary>
    public bool StoresPresent { get; set; } = true;

    /// <summary>Set: the run is online and HF_ENDPOINT points here (a <see cref="LoopbackHub"/>).</summary>
    public string? HubEndpoint { get; set; }

    public TimeSpan OnlineTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UseCaches { get; set; } = true;

    public CheckOptions Options(params string[] references)
    {
        var missing = Path.Combine(Root, "nowhere");
        var environment = new Dictionary<string, string>
        {
            ["OLLAMA_MODELS"] = StoresPresent ? Ollama.Root : missing,
            ["HF_HUB_CACHE"] = StoresPresent ? HuggingFace.Root : missing,
        };
        if (HubEndpoint is not null)
        {
            environment["HF_ENDPOINT"] = HubEndpoint;
        }

        var options = new CheckOptions
        {
            Offline = HubEndpoint is null,
            OnlineCacheDirectory = Path.Combine(Root, "online-cache"),
            OnlineTimeout = OnlineTimeout,
            UseCaches = UseCaches,
            WorkingDirectory = Root,
            LockFilePath = LockPath,
            HashCachePath = Path.Combine(Root, "obj", "hashes.tsv"),
            Policy = Policy,
            Environment = name => environment.GetValueOrDefault(name),
        };
        options.ModelReferences.AddRange(references);
        return options;
    }

    /// <summary>A path as reports show it: relative to the workspace (the run's working directory), forward slashes.</summary>
    public string Shown(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public Report Scan(params string[] references) => TrustCheckEngine.Check(Options(references));

    public Report Lock(params string[] references) => TrustCheckEngine.Lock(Options(references));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
