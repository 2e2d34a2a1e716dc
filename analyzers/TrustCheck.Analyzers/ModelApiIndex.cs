using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TrustCheck.Analyzers.Catalogs;

namespace TrustCheck.Analyzers;

/// <summary>
/// The rows of Data/ModelApis.txt indexed by name, built once per process. Nothing here binds: a compilation pays only
/// for the call sites that spell a catalog name (<see cref="ModelApiMatcher"/>), not for looking up every catalog type.
/// </summary>
/// <remarks>
/// Built with plain loops, no LINQ: without the compiler server each project's csc is a new process, so this runs (and
/// is JIT-compiled) once per project of the solution (benchmarks/analyzers, cold round).
/// </remarks>
internal sealed class ModelApiIndex
{

    private static readonly char[] PathSeparators = { '/', '\\' };

    private readonly Dictionary<string, ModelApi[]> _byMemberName;
    private readonly Dictionary<string, ModelApi[]> _saversByMemberName;
    private readonly HashSet<string> _libraryAssemblies;
    private readonly Dictionary<string, HashSet<string>> _receiversByQualifiedName;

    private ModelApiIndex(IReadOnlyList<ModelApi> apis)
    {
        var byMemberName = new Dictionary<string, List<ModelApi>>(StringComparer.Ordinal);
        var saversByMemberName = new Dictionary<string, List<ModelApi>>(StringComparer.Ordinal);
        // A HashSet, not an ImmutableHashSet: this lookup runs on every invocation, creation and assignment of the
        // compilation, and the immutable set's tree walk costs several times more. Read-only after construction.
        SyntaxNames = new HashSet<string>(StringComparer.Ordinal);
        _libraryAssemblies = new HashSet<string>(StringComparer.Ordinal);
        SaverNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var api in apis)
        {
            if (api.Kind == ModelApiKind.Save)
            {
                // Never a call site of its own: looked up only before a load, so not in the pre-filter's names.
                AddRow(saversByMemberName, api);
                SaverNames.Add(api.Member);
                continue;
            }

            AddRow(byMemberName, api);
            SyntaxNames.Add(SpelledName(api));
            if (!api.IsGeneric)
            {
                _libraryAssemblies.UnionWith(api.Assemblies);
            }
        }

        _byMemberName = ToArrays(byMemberName);
        _saversByMemberName = ToArrays(saversByMemberName);

        _receiversByQualifiedName = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in EmbeddedData.ReadRows("QualifiedNames.txt"))
        {
            var name = EmbeddedData.Field(row, 0);
            if (_byMemberName.TryGetValue(name, out var rows) && !_receiversByQualifiedName.ContainsKey(name))
            {
                var receivers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var api in rows)
                {
                    receivers.Add(SimpleTypeName(api.TypeName));
                }

                _receiversByQualifiedName.Add(name, receivers);
            }
        }
    }

    private static void AddRow(Dictionary<string, List<ModelApi>> byMemberName, ModelApi api)
    {
        if (!byMemberName.TryGetValue(api.Member, out var rows))
        {
            byMemberName.Add(api.Member, rows = new List<ModelApi>());
        }

        rows.Add(api);
    }

    private static Dictionary<string, ModelApi[]> ToArrays(Dictionary<string, List<ModelApi>> byMemberName)
    {
        var arrays = new Dictionary<string, ModelApi[]>(byMemberName.Count, StringComparer.Ordinal);
        foreach (var pair in byMemberName)
        {
            arrays.Add(pair.Key, pair.Value.ToArray());
        }

        return arrays;
    }

    public static ModelApiIndex Instance => Shared.Index;

    /// <summary>Member names of the saving APIs (kind save): the pre-filter for statements before a load.</summary>
    public HashSet<string> SaverNames { get; }

    /// <summary>Names a matching call site spells (InferenceSession, load_py, GetAsync, SelectedModel …): the cheap pre-filter.</summary>
    public HashSet<string> SyntaxNames { get; }

    /// <summary>
    /// Whether the compilation references one of the ML libraries. General-purpose rows (HttpClient) only matter then.
    /// Reads the reference list by file name rather than <see cref="Compilation.ReferencedAssemblyNames"/>: that would
    /// bind every reference at compilation start, work the compiler does anyway but which, done first here, is charged
    /// to the analyzer (1.4 ms of a 16 ms one-file compile, benchmarks/analyzers).
    /// </summary>
    public bool IsUsedBy(Compilation compilation)
    {
        foreach (var reference in compilation.References)
        {
            if (reference.Display is { } display && _libraryAssemblies.Contains(AssemblyName(display)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>File references display their path (the file name is the assembly name); compilation references their assembly name.</summary>
    private static string AssemblyName(string display)
    {
        var start = display.LastIndexOfAny(PathSeparators) + 1;
        var name = start == 0 ? display : display.Substring(start);
        return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
    }

    /// <summary>Rows whose member has this metadata name (".ctor" for constructors); empty when none.</summary>
    public ModelApi[] RowsNamed(string memberName) =>
        _byMemberName.TryGetValue(memberName, out var rows) ? rows : Array.Empty<ModelApi>();

    /// <summary>Saving rows whose member has this metadata name; empty when none.</summary>
    public ModelApi[] SaversNamed(string memberName) =>
        _saversByMemberName.TryGetValue(memberName, out var rows) ? rows : Array.Empty<ModelApi>();

    /// <summary>
    /// False when a call spells a name too common to bind on its own (Data/QualifiedNames.txt: <c>Create</c>) and its
    /// receiver does not spell one of the catalog types that define it; true for every other name.
    /// </summary>
    public bool ReceiverAllows(string spelledName, SyntaxNode node)
    {
        if (!_receiversByQualifiedName.TryGetValue(spelledName, out var receivers))
        {
            return true;
        }

        return node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            && ReceiverName(access.Expression) is { } receiver
            && receivers.Contains(receiver);
    }

    private static string? ReceiverName(ExpressionSyntax receiver) => receiver switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The type's simple name for constructors, else the member name.</summary>
    private static string SpelledName(ModelApi api) => api.Member == ModelApi.Constructor ? SimpleTypeName(api.TypeName) : api.Member;

    private static string SimpleTypeName(string typeName)
    {
        var start = typeName.LastIndexOfAny(new[] { '.', '+' }) + 1;
        var end = typeName.IndexOf('`', start);
        return end < 0 ? typeName.Substring(start) : typeName.Substring(start, end - start);
    }

    /// <summary>Built on first use (a nested class's static field: thread-safe, no Lazy).</summary>
    private static class Shared
    {
        public static readonly ModelApiIndex Index = new(ModelApiCatalog.All);
    }
}
