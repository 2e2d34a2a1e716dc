// Sample app for TrustCheck: it references real ML packages and ships a real (tiny) ONNX model, so
// `trustcheck check samples/ModelApp` has packages and a model to inspect. It only builds objects;
// it never downloads anything.
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using OllamaSharp;

var ml = new MLContext(seed: 1);
Console.WriteLine($"ML.NET ready: {ml.GetType().Assembly.GetName().Version}");

// Declared and locked (models/squeezenet, trustcheck.lock.json): the analyzers stay quiet here.
const string SqueezeNet = "models/squeezenet/model.onnx";
if (File.Exists(SqueezeNet) && args.Contains("--run"))
{
    using var session = new InferenceSession(SqueezeNet);
    Console.WriteLine($"SqueezeNet inputs: {string.Join(", ", session.InputMetadata.Keys)}");
}

// A Llama-family model by name: TC4004 (Llama 3.2 Community License: acceptable-use policy, naming).
using var ollama = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2:1b");
Console.WriteLine($"Ollama client for model {ollama.SelectedModel}");
