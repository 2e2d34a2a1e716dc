namespace TrustCheck.Core.Models;

/// <summary>Format name → reader. Format detection (by content) picks the name; this picks the reader.</summary>
public static class ModelReaders
{
    private static readonly Dictionary<string, IModelReader> ByFormat = new IModelReader[]
    {
        // Readers register here, one line each.
        new Pickle.PickleReader(),
        new PyTorch.PyTorchReader(),
        new Numpy.NumpyReader(),
        new Joblib.JoblibReader(),
        new Safetensors.SafetensorsReader(),
        new Gguf.GgufReader(),
        new Onnx.OnnxReader(),
        new Keras.KerasReader(),
        new Hdf5.Hdf5Reader(),
        new TfLite.TfLiteReader(),
        new TensorFlow.SavedModelReader(),
        new ModelCard.ModelCardReader(),
    }.ToDictionary(r => r.Format, StringComparer.Ordinal);

    public static IModelReader? For(string format) => ByFormat.TryGetValue(format, out var reader) ? reader : null;

    public static IEnumerable<string> Formats => ByFormat.Keys;
}
