using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Catalogs;

namespace TrustCheck.Analyzers;

/// <summary>Binds the rows of Data/ModelApis.txt to the symbols of one compilation, once, at compilation start.</summary>
internal static class ModelApiResolver
{
    internal sealed class Apis
    {
        public Apis(Dictionary<ISymbol, List<ModelApi>> byMember)
        {
            ByMember = byMember;
            // A HashSet, not an ImmutableHashSet: this lookup runs on every invocation, creation and assignment of the
            // compilation, and the immutable set's tree walk costs several times more. Read-only after construction.
            SyntaxNames = new HashSet<string>(byMember.Values.SelectMany(rows => rows).Select(SpelledName), StringComparer.Ordinal);
        }

        /// <summary>Member (constructor, method, property) → its catalog rows.</summary>
        public Dictionary<ISymbol, List<ModelApi>> ByMember { get; }

        /// <summary>Names a matching call site spells (InferenceSession, load_py, GetAsync, SelectedModel …): the cheap pre-filter.</summary>
        public HashSet<string> SyntaxNames { get; }

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

    /// <summary>The assembly names the catalog's types live in: built once per process, read by every compilation.</summary>
    private static readonly Lazy<HashSet<string>> CatalogAssemblies = new(() =>
        new HashSet<string>(ModelApiCatalog.All.SelectMany(api => api.Assemblies), StringComparer.Ordinal));

    /// <summary>Null when the compilation references none of the ML libraries (framework rows alone do not count).</summary>
    public static Apis? Resolve(Compilation compilation)
    {
        // Only the catalog's assemblies, looked up by name among the references: no compilation-wide type search
        // unless an ML library is actually there.
        var catalogAssemblies = CatalogAssemblies.Value;
        var referenced = new Dictionary<string, IAssemblySymbol>(StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (catalogAssemblies.Contains(assembly.Identity.Name))
            {
                referenced[assembly.Identity.Name] = assembly;
            }
        }

        if (referenced.Count == 0)
        {
            return null;
        }

        var byMember = new Dictionary<ISymbol, List<ModelApi>>(SymbolEqualityComparer.Default);
        var usesMlLibrary = false;
        foreach (var api in ModelApiCatalog.All)
        {
            if (!api.IsGeneric)
            {
                usesMlLibrary |= Add(byMember, FindType(referenced, api), api);
            }
        }

        if (!usesMlLibrary)
        {
            return null;
        }

        foreach (var api in ModelApiCatalog.All)
        {
            if (api.IsGeneric)
            {
                Add(byMember, FindType(referenced, api), api);
            }
        }

        return new Apis(byMember);
    }

    private static INamedTypeSymbol? FindType(Dictionary<string, IAssemblySymbol> referenced, ModelApi api)
    {
        foreach (var name in api.Assemblies)
        {
            if (referenced.TryGetValue(name, out var assembly) && assembly.GetTypeByMetadataName(api.TypeName) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    private static bool Add(Dictionary<ISymbol, List<ModelApi>> byMember, INamedTypeSymbol? type, ModelApi api)
    {
        if (type is null)
        {
            return false;
        }

        var added = false;
        foreach (var member in MembersOf(type, api))
        {
            if (!byMember.TryGetValue(member, out var rows))
            {
                rows = new List<ModelApi>();
                byMember[member] = rows;
            }

            rows.Add(api);
            added = true;
        }

        return added;
    }

    private static IEnumerable<ISymbol> MembersOf(INamedTypeSymbol type, ModelApi api)
    {
        var members = api.Member == ModelApi.Constructor ? type.InstanceConstructors.Cast<ISymbol>() : type.GetMembers(api.Member);
        foreach (var member in members)
        {
            switch (member)
            {
                case IMethodSymbol method when method.Parameters.Any(p => p.Name == api.Argument):
                    yield return method;
                    break;
                case IPropertySymbol property when api.Argument == ModelApi.PropertyValue && property.SetMethod is not null:
                    yield return property;
                    break;
            }
        }
    }
}
