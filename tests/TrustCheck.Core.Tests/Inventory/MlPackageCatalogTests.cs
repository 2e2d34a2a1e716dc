using TrustCheck.Core.Inventory;

namespace TrustCheck.Core.Tests.Inventory;

public class MlPackageCatalogTests
{
    [Theory]
    [InlineData("Microsoft.ML")]
    [InlineData("Microsoft.ML.OnnxRuntime.Gpu")]
    [InlineData("microsoft.semantickernel.core")]
    [InlineData("TorchSharp-cpu")]
    [InlineData("libtorch-cpu-linux-x64")]
    [InlineData("OllamaSharp")]
    [InlineData("OpenAI")]
    [InlineData("Azure.AI.OpenAI")]
    [InlineData("LLamaSharp.Backend.Cpu")]
    [InlineData("Microsoft.Extensions.AI.Abstractions")]
    public void Ml_packages_are_recognised(string id) => Assert.True(MlPackageCatalog.IsMlPackage(id));

    [Theory]
    [InlineData("Newtonsoft.Json")]
    [InlineData("OpenAIExtensions.Unrelated")]
    [InlineData("Microsoft.Extensions.Logging")]
    [InlineData("Azure.Core")]
    public void Other_packages_are_not_ml(string id) => Assert.False(MlPackageCatalog.IsMlPackage(id));
}
