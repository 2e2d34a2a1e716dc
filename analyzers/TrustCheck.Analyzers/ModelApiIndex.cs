using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
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

    private ModelApiIndex(IEnumerable<ModelApi> apis)
    {
        var all = apis.ToList();
        _byMemberName = all.GroupBy(api => api.Member, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);
        // A HashSet, not an ImmutableHashSet: this lookup runs on every invocation, creation and assignment of the
        // compilation, and the immutable set's tree walk costs several times more. Read-only after construction.
        SyntaxNames = new HashSet<string>(all.Select(SpelledName), StringComparer.Ordinal);
        _libraryAssemblies = new HashSet<string>(all.Where(api => !api.IsGeneric).SelectMany(api => api.Assemblies), StringComparer.Ordinal);
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

    /// <summary>The type's simple name for constructors, else the member name.</summary>
    private static string SpelledName(ModelApi api)
    {
        if (api.Member != ModelApi.Constructor)
        {
            return api.Member;
        }

        var start = api.TypeName.LastIndexOfAny(new[] { '.', '+' }) + 1;
        var end = api.TypeName.IndexOf('`', start);
        return end < 0 ? api.TypeName.Substring(start) : api.TypeName.Substring(start, end - start);
    }
}
