using TrustCheck.Core.Models;
using TrustCheck.Core.Models.ChatTemplates;

namespace TrustCheck.Fuzz.Formats;

/// <summary>One fuzz target per format reader (plus detection and the chat template inspector). Any exception is a bug.</summary>
public static class FormatTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["detect"] = bytes => Detect(bytes, "model.bin"),
        ["safetensors"] = bytes => Reader(ModelFormats.Safetensors, bytes),
        ["gguf"] = bytes => Reader(ModelFormats.Gguf, bytes),
        ["onnx"] = bytes => Reader(ModelFormats.Onnx, bytes),
        ["tflite"] = bytes => Reader(ModelFormats.TfLite, bytes),
        ["savedmodel"] = bytes => Reader(ModelFormats.TensorFlowSavedModel, bytes),
        ["keras"] = bytes => Reader(ModelFormats.Keras, bytes),
        ["hdf5"] = bytes => Reader(ModelFormats.Hdf5, bytes),
        ["modelcard"] = bytes => Reader(ModelFormats.ModelCard, bytes),
        ["chattemplate-json"] = bytes => ChatTemplateInspector.InspectFile(new MemoryStream(bytes), "tokenizer_config.json"),
        ["chattemplate-yaml"] = bytes => ChatTemplateInspector.InspectFile(new MemoryStream(bytes), "config.yaml"),
        ["chattemplate-jinja"] = bytes => ChatTemplateInspector.InspectFile(new MemoryStream(bytes), "chat_template.jinja"),
    };

    /// <summary>Corpus seed folders/files per target, relative to the shared corpus.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Seeds = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["detect"] = ["picklescan/data", "onnx/simple", "tflite-rs", "modelaudit/samples/keras"],
        ["safetensors"] = ["modelaudit/samples/safetensors/safe_model.safetensors", "modelaudit/samples/safetensors/multiple_patterns.safetensors"],
        ["gguf"] = ["ggml-llama.cpp/ggml-vocab-phi-3.gguf", "llama-jni-bridge"],
        ["onnx"] = ["onnx/simple", "onnx/pytorch-converted", "onnxruntime_go/example_big_compute.onnx", "onnxruntime_go/example_needs_extensions.onnx"],
        ["tflite"] = ["tflite-rs"],
        ["savedmodel"] = ["modelaudit/samples/tensorflow/malicious_pyfunc", "modelaudit/samples/tensorflow/safe_savedmodel"],
        ["keras"] = ["picklescan/data/malicious1.zip", "modelaudit/samples/archives/safe_model.zip"],
        ["hdf5"] = ["modelaudit/samples/keras"],
        ["modelcard"] = ["modelaudit/samples/jinja2/yaml"],
        ["chattemplate-json"] = ["modelaudit/samples/jinja2/malicious", "modelaudit/samples/jinja2/benign", "modelaudit/samples/jinja2/edge_cases"],
        ["chattemplate-yaml"] = ["modelaudit/samples/jinja2/yaml"],
        ["chattemplate-jinja"] = ["modelaudit/samples/jinja2/standalone"],
    };

    private static void Detect(byte[] bytes, string path)
    {
        var stream = new MemoryStream(bytes);
        var detected = FormatDetector.Detect(stream, path);
        FormatDetector.CheckExtension(path, detected);
        if (ModelReaders.For(detected.Format) is { } reader)
        {
            stream.Position = 0;
            reader.Inspect(stream, path);
        }
    }

    private static void Reader(string format, byte[] bytes) =>
        ModelReaders.For(format)!.Inspect(new MemoryStream(bytes), "fuzz." + format);
}
