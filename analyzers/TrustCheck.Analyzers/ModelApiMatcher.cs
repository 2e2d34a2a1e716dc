using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Catalogs;

namespace TrustCheck.Analyzers;

/// <summary>
/// Matches the members bound at candidate call sites to catalog rows, for one compilation. Each distinct member is
/// matched once (cached), by name, containing type's metadata name, defining assembly and the argument's parameter,
/// so the catalog is never bound up front.
/// </summary>
internal sealed class ModelApiMatcher
{
    private readonly ModelApiIndex _index;
    private readonly ConcurrentDictionary<ISymbol, ModelApi[]> _rowsByMember = new(SymbolEqualityComparer.Default);

    public ModelApiMatcher(ModelApiIndex index) => _index = index;

    /// <summary>Names a matching call site spells: the pre-filter run before any binding.</summary>
    public HashSet<string> SyntaxNames => _index.SyntaxNames;

    /// <summary>Catalog rows for a member (its original definition); empty when it is not a model API.</summary>
    public ModelApi[] RowsFor(ISymbol member) => _rowsByMember.GetOrAdd(member, Match);

    private ModelApi[] Match(ISymbol member)
    {
        var candidates = _index.RowsNamed(member.MetadataName);
        if (candidates.Length == 0 || member.ContainingType is not { } type)
        {
            return Array.Empty<ModelApi>();
        }

        var typeName = MetadataName(type);
        if (type.ContainingAssembly?.Identity.Name is not { } assemblyName)
        {
            return Array.Empty<ModelApi>();
        }

        List<ModelApi>? rows = null;
        foreach (var api in candidates)
        {
            if (api.TypeName == typeName && api.Assemblies.Contains(assemblyName) && Accepts(member, api))
            {
                (rows ??= new List<ModelApi>()).Add(api);
            }
        }

        return rows?.ToArray() ?? Array.Empty<ModelApi>();
    }

    /// <summary>The row's argument must be a parameter of the method, or a settable property's value.</summary>
    private static bool Accepts(ISymbol member, ModelApi api) => member switch
    {
        IMethodSymbol method => HasParameter(method, api.Argument),
        IPropertySymbol property => api.Argument == ModelApi.PropertyValue && property.SetMethod is not null,
        _ => false,
    };

    private static bool HasParameter(IMethodSymbol method, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Namespace.Type+Nested`1, as GetTypeByMetadataName and the catalog spell it.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            Append(builder, outer);
            builder.Append('+');
        }
        else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            AppendNamespace(builder, ns);
            builder.Append('.');
        }

        builder.Append(type.MetadataName);
    }

    private static void AppendNamespace(StringBuilder builder, INamespaceSymbol ns)
    {
        if (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            AppendNamespace(builder, parent);
            builder.Append('.');
        }

        builder.Append(ns.MetadataName);
    }
}
