namespace TrustCheck.Core.Remote;

/// <summary>
/// Where the tools keep pulled models, found exactly as they find it themselves, so TrustCheck reads the bytes the app
/// will load. The environment is passed in (tests and the MSBuild task give their own).
/// </summary>
public static class ModelStoreLocations
{
    /// <summary>
    /// Ollama: <c>OLLAMA_MODELS</c>, else <c>~/.ollama/models</c> (the same on Windows, under %USERPROFILE%, and macOS);
    /// on Linux the system service's <c>/usr/share/ollama/.ollama/models</c> when the user has none.
    /// </summary>
    public static string Ollama(Func<string, string?> environment)
    {
        if (NonEmpty(environment("OLLAMA_MODELS")) is { } configured)
        {
            return Path.GetFullPath(ExpandHome(configured, environment));
        }

        var user = Path.Combine(Home(environment), ".ollama", "models");
        const string linuxService = "/usr/share/ollama/.ollama/models";
        return OperatingSystem.IsLinux() && !Directory.Exists(user) && Directory.Exists(linuxService) ? linuxService : user;
    }

    /// <summary>
    /// Hugging Face hub cache (huggingface_hub's constants): <c>HF_HUB_CACHE</c> (or the older <c>HUGGINGFACE_HUB_CACHE</c>),
    /// else <c>HF_HOME/hub</c>, else <c>XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c> on every OS.
    /// </summary>
    public static string HuggingFace(Func<string, string?> environment)
    {
        if ((NonEmpty(environment("HF_HUB_CACHE")) ?? NonEmpty(environment("HUGGINGFACE_HUB_CACHE"))) is { } cache)
        {
            return Path.GetFullPath(ExpandHome(cache, environment));
        }

        if (NonEmpty(environment("HF_HOME")) is { } home)
        {
            return Path.GetFullPath(Path.Combine(ExpandHome(home, environment), "hub"));
        }

        var xdg = NonEmpty(environment("XDG_CACHE_HOME")) is { } x ? ExpandHome(x, environment) : Path.Combine(Home(environment), ".cache");
        return Path.GetFullPath(Path.Combine(xdg, "huggingface", "hub"));
    }

    public static string For(ModelStoreKind kind, Func<string, string?> environment) =>
        kind == ModelStoreKind.Ollama ? Ollama(environment) : HuggingFace(environment);

    /// <summary>The process environment.</summary>
    public static Func<string, string?> ProcessEnvironment { get; } = Environment.GetEnvironmentVariable;

    private static string Home(Func<string, string?> environment) =>
        NonEmpty(environment(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME"))
        ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);

    /// <summary>Both tools expand a leading '~' (Python's expanduser, Ollama's own code).</summary>
    private static string ExpandHome(string path, Func<string, string?> environment) =>
        path == "~" ? Home(environment)
        : path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal) ? Path.Combine(Home(environment), path[2..])
        : path;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
