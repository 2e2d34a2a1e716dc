using TrustCheck.Core.Inventory;

namespace TrustCheck.Core.Tests.Inventory;

/// <summary>The packages of the libraries whose model APIs the analyzers know (issue 13) count as ML in reports.</summary>
public class MlPackageCatalogLibraryTests
{
    [Theory]
    [InlineData("Whisper.net")]
    [InlineData("Whisper.net.Runtime.Cuda")]
    [InlineData("OpenCvSharp4")]
    [InlineData("OpenCvSharp4.official.runtime.linux-x64")]
    [InlineData("OpenCvSharp4.Windows")]
    [InlineData("LLamaSharp")]
    [InlineData("Microsoft.ML.OnnxRuntimeGenAI.Managed")]
    [InlineData("Microsoft.Extensions.AI.Ollama")]
    [InlineData("Microsoft.ML.GenAI.Phi")]
    [InlineData("Microsoft.ML.GenAI.LLaMA")]
    [InlineData("Microsoft.SemanticKernel.Connectors.Onnx")]
    [InlineData("Microsoft.SemanticKernel.Connectors.Ollama")]
    [InlineData("Microsoft.SemanticKernel.Connectors.HuggingFace")]
    public void Model_api_libraries_are_ml_packages(string id) => Assert.True(MlPackageCatalog.IsMlPackage(id));

    [Theory]
    [InlineData("OpenCvSharpExtensions.Unrelated")]
    [InlineData("Whisper")]
    public void Look_alike_names_are_not(string id) => Assert.False(MlPackageCatalog.IsMlPackage(id));
}
