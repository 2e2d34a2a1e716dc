using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>What a model-loading API's argument means (Data/ModelApis.txt explains each kind).</summary>
internal enum ModelApiKind
{
    Path,
    TorchPath,
    Pickle,
    ModelName,
    ModelPull,
    Url,
    LibraryDownload,
    /// <summary>Writes a model file: not a call site to check, but what makes a later load of the same path local.</summary>
    Save,
}

/// <summary>One API that loads or fetches a model: the member, the argument that names the model, and what it implies.</summary>
internal sealed class ModelApi
{
    public const string Constructor = ".ctor";
    public const string PropertyValue = "value";
    private const string GenericLibrary = "generic";

    public ModelApi(string typeName, string assembly, string member, string argument, ModelApiKind kind, string library, string saferMember,
        string download = "")
    {
        TypeName = typeName;
        Assembly = assembly;
        Assemblies = ImmutableArray.Create(assembly.Split('|'));
        Member = member;
        Argument = argument;
        Kind = kind;
        Library = library;
        SaferMember = saferMember;
        Download = download;
    }

    public string TypeName { get; }
    /// <summary>Names of the assemblies that may define the type (framework types live in different ones per target).</summary>
    public string Assembly { get; }

    public ImmutableArray<string> Assemblies { get; }
    public string Member { get; }
    public string Argument { get; }
    public ModelApiKind Kind { get; }
    public string Library { get; }
    /// <summary>Member with the same shape that reads a safe format (load_py → load_safetensors); empty when none.</summary>
    public string SaferMember { get; }
    /// <summary>For <see cref="ModelApiKind.LibraryDownload"/>: the URL prefix the library downloads from; empty otherwise.</summary>
    public string Download { get; }
    /// <summary>General-purpose APIs (HttpClient) that only matter in projects that use an ML library.</summary>
    public bool IsGeneric => string.Equals(Library, GenericLibrary, StringComparison.Ordinal);
}

/// <remarks>
/// Parsed once per process, with plain loops: without the compiler server every project's csc is a new process that
/// JIT-compiles whatever runs here, and LINQ over our own types (GroupBy, SelectMany, a Lazy of a struct) cost several
/// milliseconds of JIT per compilation (benchmarks/analyzers, cold round).
/// </remarks>
internal static class ModelApiCatalog
{
    public static IReadOnlyList<ModelApi> All => Rows.All;

    private static ModelApi[] Load()
    {
        var rows = EmbeddedData.ReadRows("ModelApis.txt");
        var apis = new List<ModelApi>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Length >= 5)
            {
                apis.Add(new ModelApi(
                    EmbeddedData.Field(row, 0),
                    EmbeddedData.Field(row, 1),
                    EmbeddedData.Field(row, 2),
                    EmbeddedData.Field(row, 3),
                    ParseKind(EmbeddedData.Field(row, 4)),
                    EmbeddedData.Field(row, 5),
                    EmbeddedData.Field(row, 6),
                    EmbeddedData.Field(row, 7)));
            }
        }

        return apis.ToArray();
    }

    /// <summary>Initialized on first use (a nested class's static field: thread-safe, no Lazy).</summary>
    private static class Rows
    {
        public static readonly ModelApi[] All = Load();
    }

    private static ModelApiKind ParseKind(string kind) => kind switch
    {
        "path" => ModelApiKind.Path,
        "torch-path" => ModelApiKind.TorchPath,
        "pickle" => ModelApiKind.Pickle,
        "model-name" => ModelApiKind.ModelName,
        "model-pull" => ModelApiKind.ModelPull,
        "url" => ModelApiKind.Url,
        "library-download" => ModelApiKind.LibraryDownload,
        "save" => ModelApiKind.Save,
        _ => throw new FormatException("Unknown model API kind '" + kind + "' in ModelApis.txt"),
    };
}
