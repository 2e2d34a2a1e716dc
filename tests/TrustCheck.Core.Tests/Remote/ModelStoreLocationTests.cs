using TrustCheck.Core.Remote;

namespace TrustCheck.Core.Tests.Remote;

public class ModelStoreLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static readonly string Home = Path.Combine(Path.GetTempPath(), "home-of-test");
    private static readonly string HomeVariable = OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME";

    [Fact]
    public void Ollama_models_variable_wins()
    {
        var store = Path.Combine(Home, "elsewhere");
        Assert.Equal(store, ModelStoreLocations.Ollama(Env(("OLLAMA_MODELS", store), (HomeVariable, Home))));
    }

    [Fact]
    public void Ollama_default_is_the_user_folder()
    {
        Assert.Equal(Path.Combine(Home, ".ollama", "models"), ModelStoreLocations.Ollama(Env((HomeVariable, Home))));
    }

    [Fact]
    public void Ollama_models_variable_expands_a_leading_tilde()
    {
        Assert.Equal(Path.Combine(Home, "m"), ModelStoreLocations.Ollama(Env(("OLLAMA_MODELS", "~/m"), (HomeVariable, Home))));
    }

    [Fact]
    public void Hugging_face_cache_order_is_hub_cache_then_hf_home_then_xdg_then_home()
    {
        var all = new List<(string, string)> { ("HF_HUB_CACHE", Path.Combine(Home, "a")), ("HF_HOME", Path.Combine(Home, "b")), ("XDG_CACHE_HOME", Path.Combine(Home, "c")), (HomeVariable, Home) };
        Assert.Equal(Path.Combine(Home, "a"), ModelStoreLocations.HuggingFace(Env([.. all])));
        all.RemoveAt(0);
        Assert.Equal(Path.Combine(Home, "b", "hub"), ModelStoreLocations.HuggingFace(Env([.. all])));
        all.RemoveAt(0);
        Assert.Equal(Path.Combine(Home, "c", "huggingface", "hub"), ModelStoreLocations.HuggingFace(Env([.. all])));
        all.RemoveAt(0);
        Assert.Equal(Path.Combine(Home, ".cache", "huggingface", "hub"), ModelStoreLocations.HuggingFace(Env([.. all])));
    }

    [Fact]
    public void The_older_hub_cache_variable_is_honoured()
    {
        Assert.Equal(Path.Combine(Home, "old"), ModelStoreLocations.HuggingFace(Env(("HUGGINGFACE_HUB_CACHE", Path.Combine(Home, "old")), (HomeVariable, Home))));
    }
}
