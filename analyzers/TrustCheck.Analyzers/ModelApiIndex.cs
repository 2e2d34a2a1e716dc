using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TrustCheck.Analyzers.Catalogs;

namespace TrustCheck.Analyzers;

/// <summary>
/// The rows of Data/ModelApis.txt indexed by name, built once per process. Nothing here binds: a compilation pays only
/// for the call sites that spell a catalog name (<see cref="ModelApiMatcher"/>), not for looking up every catalog type.
/// </summary>
internal sealed class ModelApiIndex
{
    private static readonly Lazy<ModelApiIndex> Shared = new(() => new ModelApiIndex(ModelApiCatalog.All));

    private static readonly char[] PathSeparators = { '/', '\\' };

    private readonly Dictionary<string, ModelApi[]> _byMemberName;
    private readonly HashSet<string> _libraryAssemblies;
    private readonly Dictionary<string, HashSet<string>> _receiversByQualifiedName;

    private ModelApiIndex(IEnumerable<ModelApi> apis)
    {
        var all = apis.ToList();
        _byMemberName = all.GroupBy(api => api.Member, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);
        // A HashSet, not an ImmutableHashSet: this lookup runs on every invocation, creation and assignment of the
        // compilation, and the immutable set's tree walk costs several times more. Read-only after construction.
        SyntaxNames = new HashSet<string>(all.Select(SpelledName), StringComparer.Ordinal);
        _libraryAssemblies = new HashSet<string>(all.Where(api => !api.IsGeneric).SelectMany(api => api.Assemblies), StringComparer.Ordinal);
        var qualifiedNames = new HashSet<string>(EmbeddedData.ReadRows("QualifiedNames.txt").Select(row => EmbeddedData.Field(row, 0)), StringComparer.Ordinal);
        _receiversByQualifiedName = all.Where(api => qualifiedNames.Contains(api.Member))
            .GroupBy(api => api.Member, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => new HashSet<string>(group.Select(api => SimpleTypeName(api.TypeName)), StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    public static ModelApiIndex Instance => Shared.Value;

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
}
