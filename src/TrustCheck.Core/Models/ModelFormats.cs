namespace TrustCheck.Core.Models;

/// <summary>The contract's format names (docs: contract.md, "Formats"). Use these constants, not literals.</summary>
public static class ModelFormats
{
    public const string Pickle = "pickle";
    public const string PyTorch = "pytorch";
    public const string Numpy = "numpy";
    public const string Joblib = "joblib";
    public const string Safetensors = "safetensors";
    public const string Gguf = "gguf";
    public const string Onnx = "onnx";
    public const string Keras = "keras";
    public const string Hdf5 = "hdf5";
    public const string TfLite = "tflite";
    public const string TensorFlowSavedModel = "tensorflow-savedmodel";
    public const string ModelCard = "model-card";
    public const string Unknown = "unknown";
}
