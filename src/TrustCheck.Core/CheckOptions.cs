using TrustCheck.Core.Policy;

namespace TrustCheck.Core;

/// <summary>What a check looks at. Front doors (CLI, MSBuild task) fill this in; the engine decides everything else.</summary>
public sealed class CheckOptions
{
    /// <summary>A .csproj file or a folder holding exactly one project. Null for a model-only scan.</summary>
    public string? ProjectPath { get; set; }
    /// <summary>Explicit project.assets.json (MSBuild passes $(ProjectAssetsFile)); default obj/project.assets.json.</summary>
    public string? AssetsFilePath { get; set; }
    /// <summary>
    /// Where what the check takes from the assets file is kept until restore rewrites it (the MSBuild task: obj/, like
    /// the SDK's own assets cache); null = parse project.assets.json every time (the CLI).
    /// </summary>
    public string? AssetsCachePath { get; set; }
    /// <summary>
    /// The package folders this build already looked at (the MSBuild task keeps one per build); null = look at each
    /// package's folder in every check. Ignored with <see cref="UseCaches"/> false.
    /// </summary>
    public Inventory.PackageFolderScope? PackageFolderScope { get; set; }
    /// <summary>Explicit policy; default: nearest trustcheck.json up from the project folder (or the working directory).</summary>
    public string? PolicyPath { get; set; }
    /// <summary>Explicit lock file; default: trustcheck.lock.json beside the project (or in the working directory).</summary>
    public string? LockFilePath { get; set; }
    /// <summary>Model files or folders to inspect (MSBuild items, `scan` arguments).</summary>
    public List<string> ModelPaths { get; set; } = new();
    /// <summary>
    /// Remote models by reference (<c>ollama:NAME[:TAG]</c>, <c>hf:ORG/NAME[@REVISION]</c>, bare <c>ollama:</c>/<c>hf:</c> for a whole
    /// store): MSBuild TrustCheckModelReference items, `scan` arguments. Resolved in the local stores.
    /// </summary>
    public List<string> ModelReferences { get; set; } = new();
    /// <summary>Environment the model stores are found from (OLLAMA_MODELS, HF_HUB_CACHE, HF_HOME …); default: the process environment.</summary>
    public Func<string, string?>? Environment { get; set; }
    /// <summary>When true and a project is given, also walk the project folder for model files (the CLI's `check`).</summary>
    public bool DiscoverModelsInProject { get; set; }
    /// <summary>Online look-ups (deprecation, vulnerabilities, latest license, owners) are opt-in.</summary>
    public bool Offline { get; set; } = true;
    /// <summary>Where answers of online look-ups are cached; default: $TRUSTCHECK_CACHE_DIR/online, else the user's local app data/trustcheck/online.</summary>
    public string? OnlineCacheDirectory { get; set; }
    /// <summary>How long a cached online answer is used before the source is asked again.</summary>
    public TimeSpan OnlineCacheExpiry { get; set; } = TimeSpan.FromHours(24);
    /// <summary>All online look-ups of one run together; what is not answered by then becomes one TC2007 info finding.</summary>
    public TimeSpan OnlineTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// False: nothing cached is used or written — no hash cache, no online cache, no package facts kept from an earlier
    /// check in this process. The CLI's --no-cache; for timing a cold check and for ruling a stale cache out.
    /// </summary>
    public bool UseCaches { get; set; } = true;
    /// <summary>Where to keep the (path, size, mtime) → sha256 cache; typically obj/. Null = no cache.</summary>
    public string? HashCachePath { get; set; }
    /// <summary>Base for relative paths in the report; default: current directory.</summary>
    public string? WorkingDirectory { get; set; }
    /// <summary>
    /// One-line status texts during long work (e.g. "hashing models/phi.gguf 1.2/4.0 GB", "Online look-ups: 12/44 packages"),
    /// throttled by the engine and only for big files; online look-ups report each finished package. Called from worker threads; the front door decides where they go (the CLI: stderr on a TTY).
    /// </summary>
    public IProgress<string>? Progress { get; init; }
    /// <summary>
    /// A policy already in memory; when set it is used instead of any file (<see cref="PolicyPath"/> and the nearest
    /// trustcheck.json are ignored). `trustcheck init` uses it to look at a project before its policy exists.
    /// </summary>
    public TrustCheckPolicy? Policy { get; set; }
    /// <summary>
    /// When true a project without usable restore output is an error (TC9003 at error), not a warning: the CLI says so
    /// because it restores first, so a missing assets file means the check is incomplete and must not pass.
    /// </summary>
    public bool RestoreOutputRequired { get; set; }
    /// <summary>Package folders and model files already read by another project of the same run (<see cref="Projects.ProjectSet"/>); null = read everything.</summary>
    public Projects.SharedReads? Shared { get; set; }
    /// <summary>Explicit trustcheck.baseline.json; default: the nearest one up from the project folder (or the working directory).</summary>
    public string? BaselinePath { get; set; }
    /// <summary>Report every finding at its severity, whatever the baseline says (`trustcheck baseline` looks at today's findings this way).</summary>
    public bool IgnoreBaseline { get; set; }
}
