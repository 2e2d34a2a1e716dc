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

    /// <summary>Small hand-built seeds: the corpus GGUF/safetensors files are large, so mutations of these run 100× faster.</summary>
    public static IEnumerable<byte[]> SyntheticSeeds(string target) => target switch
    {
        "gguf" => [Gguf(3), Gguf(2), Gguf(1)],
        "safetensors" => [Safetensors("""{"__metadata__":{"license":"mit","format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}}""", 22)],
        _ => [],
    };

    private static byte[] Gguf(uint version)
    {
        var body = new MemoryStream();
        void Str(string value)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(value);
            body.Write(version == 1 ? BitConverter.GetBytes((uint)bytes.Length) : BitConverter.GetBytes((ulong)bytes.Length));
            body.Write(bytes);
        }

        Str("general.license");
        body.Write(BitConverter.GetBytes(8u));
        Str("llama3.1");
        Str("tokenizer.chat_template");
        body.Write(BitConverter.GetBytes(8u));
        Str("{% for m in messages %}{{ m['role'] }}{% endfor %}");
        Str("tokenizer.ggml.tokens");
        body.Write(BitConverter.GetBytes(9u));
        body.Write(BitConverter.GetBytes(8u));
        body.Write(version == 1 ? BitConverter.GetBytes(2u) : BitConverter.GetBytes(2ul));
        Str("<s>");
        Str("</s>");
        Str("w");
        body.Write(BitConverter.GetBytes(2u));
        foreach (var dim in new ulong[] { 4, 4 })
        {
            body.Write(version == 1 ? BitConverter.GetBytes((uint)dim) : BitConverter.GetBytes(dim));
        }

        body.Write(BitConverter.GetBytes(0u));
        body.Write(BitConverter.GetBytes(0ul));

        var file = new MemoryStream();
        file.Write("GGUF"u8);
        file.Write(BitConverter.GetBytes(version));
        file.Write(version == 1 ? BitConverter.GetBytes(1u) : BitConverter.GetBytes(1ul));
        file.Write(version == 1 ? BitConverter.GetBytes(3u) : BitConverter.GetBytes(3ul));
        body.WriteTo(file);
        return file.ToArray();
    }

    private static byte[] Safetensors(string header, int dataLength)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[dataLength]];
    }

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
