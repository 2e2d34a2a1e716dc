// Sample app for TrustCheck: it references real ML packages so `trustcheck check samples/ModelApp`
// has something to inspect. It only builds objects; it never downloads or runs a model.
using Microsoft.ML;
using OllamaSharp;

var ml = new MLContext(seed: 1);
Console.WriteLine($"ML.NET ready: {ml.GetType().Assembly.GetName().Version}");

using var ollama = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2:1b");
Console.WriteLine($"Ollama client for model {ollama.SelectedModel}");
