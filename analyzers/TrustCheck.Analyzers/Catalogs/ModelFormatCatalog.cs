using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace TrustCheck.Analyzers.Catalogs;

internal enum PickleRisk
{
    No,
    /// <summary>Pickle when a PyTorch loader reads it (.bin is also used by GGML, ONNX external data …).</summary>
    Maybe,
    Yes,
}

internal sealed class ModelFormat
{
    public ModelFormat(string extension, string name, PickleRisk pickle, bool isSafe)
    {
        Extension = extension;
        Name = name;
        Pickle = pickle;
        IsSafe = isSafe;
    }

    public string Extension { get; }
    public string Name { get; }
    public PickleRisk Pickle { get; }
    /// <summary>Loading it runs no code (safetensors, ONNX, GGUF, TFLite).</summary>
    public bool IsSafe { get; }
}

/// <summary>Model file extensions (Data/ModelFormats.txt).</summary>
internal static class ModelFormatCatalog
{
    private static readonly Lazy<ImmutableDictionary<string, ModelFormat>> Formats = new(Load);

    /// <summary>Formats whose loaders unpickle, as the engine names them in the lock.</summary>
    private static readonly ImmutableHashSet<string> PickleFormatNames =
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "pickle", "pytorch", "joblib", "numpy");

    public static ModelFormat? ForPath(string path)
    {
        var dot = path.LastIndexOf('.');
        var slash = path.LastIndexOf('/');
        if (dot < 0 || dot < slash)
        {
            return null;
        }

        return Formats.Value.TryGetValue(path.Substring(dot), out var format) ? format : null;
    }

    public static bool IsPickleFormatName(string formatName) => PickleFormatNames.Contains(formatName);

    public static IEnumerable<ModelFormat> All => Formats.Value.Values;

    private static ImmutableDictionary<string, ModelFormat> Load()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, ModelFormat>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in EmbeddedData.ReadRows("ModelFormats.txt"))
        {
            var extension = EmbeddedData.Field(row, 0);
            var pickle = EmbeddedData.Field(row, 2) switch { "yes" => PickleRisk.Yes, "maybe" => PickleRisk.Maybe, _ => PickleRisk.No };
            builder[extension] = new ModelFormat(extension, EmbeddedData.Field(row, 1), pickle,
                string.Equals(EmbeddedData.Field(row, 3), "yes", StringComparison.Ordinal));
        }

        return builder.ToImmutable();
    }
}
