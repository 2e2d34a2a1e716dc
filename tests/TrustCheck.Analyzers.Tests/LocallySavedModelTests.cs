using TrustCheck.Analyzers.Tests.Verification;
using static TrustCheck.Analyzers.Tests.Verification.Facts;

namespace TrustCheck.Analyzers.Tests;

/// <summary>
/// A model file that the same method body saved before loading it is the code's own output, not a third-party model
/// (saving APIs: Data/ModelApis.txt, kind save). TorchSharp and ML.NET are the real libraries.
/// </summary>
public class LocallySavedModelTests
{
    private static string Torch(string body) => $$"""
        using System;
        using TorchSharp;
        using static TorchSharp.torch;
        class App
        {
            void Run(jit.ScriptModule scripted, nn.Module module, Tensor tensor, bool again)
            {
        {{body}}
            }
            const string Saved = "weights/saved.dat";
        }
        """;

    [Theory]
    // TorchSharp's TestJIT: the same local, saved one statement before.
    [InlineData("""
        var location = "TestSaveJIT.ts";
        torch.jit.save(scripted, location);
        using var loaded = torch.jit.load(location);
        """)]
    // Module.save and torch.save, then load of the same const, through an intervening statement and an inner block.
    [InlineData("""
        module.save(Saved);
        Console.WriteLine("saved");
        if (again) { module.load(Saved); }
        """)]
    [InlineData("""
        torch.save(tensor, "weights/tensor.dat");
        var back = torch.load("weights/tensor.dat");
        """)]
    [InlineData("""
        var other = "weights/traced.pt";
        try
        {
            torch.jit.save(scripted, other);
            torch.jit.load(other).Dispose();
        }
        finally { }
        """)]
    public Task A_path_saved_earlier_in_the_same_body_is_not_reported(string body) =>
        Verify.AnalyzerAsync(Torch(body), With(Declared("models/phi.onnx")));

    [Theory]
    // Saved only on one branch, after the load, to another path, or in a lambda that may never run.
    [InlineData("""
        var location = "weights/scripted.dat";
        if (again) torch.jit.save(scripted, location);
        torch.jit.load({|TC4001:location|});
        """)]
    [InlineData("""
        var location = "weights/scripted.dat";
        torch.jit.load({|TC4001:location|});
        torch.jit.save(scripted, location);
        """)]
    [InlineData("""
        torch.jit.save(scripted, "weights/first.dat");
        torch.jit.load({|TC4001:"weights/second.dat"|});
        """)]
    [InlineData("""
        Action save = () => torch.jit.save(scripted, Saved);
        torch.jit.load({|TC4001:Saved|});
        """)]
    public Task A_path_not_surely_saved_before_by_this_body_is_reported(string body) =>
        Verify.AnalyzerAsync(Torch(body), With(Declared("models/phi.onnx")));

    [Fact]
    public Task A_load_in_another_method_than_the_save_is_reported() => Verify.AnalyzerAsync("""
        using TorchSharp;
        class App
        {
            const string Path = "weights/scripted.dat";
            void Save(torch.jit.ScriptModule scripted) => torch.jit.save(scripted, Path);
            object Load() => torch.jit.load({|TC4001:Path|});
        }
        """, With(Declared("models/phi.onnx")));

    [Fact]
    public Task An_ml_net_model_saved_then_loaded_is_not_reported() => Verify.AnalyzerAsync("""
        using Microsoft.ML;
        class App
        {
            ITransformer RoundTrip(MLContext ml, ITransformer model, DataViewSchema schema)
            {
                var path = "models/trained.zip";
                ml.Model.Save(model, schema, path);
                return ml.Model.Load(path, out _);
            }
            ITransformer Other(MLContext ml) => ml.Model.Load({|TC4001:"models/trained.zip"|}, out _);
        }
        """, With(Declared("models/phi.onnx")));
}
