using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Catalogs;

namespace TrustCheck.Analyzers;

/// <summary>
/// Matches the members bound at candidate call sites to catalog rows, for one compilation. Each distinct member is
/// matched once (cached): rows with its name, whose type (GetTypeByMetadataName in the member's assembly) is the
/// member's containing type and which name one of its parameters. Only the rows a call site names are ever bound.
/// </summary>
internal sealed class ModelApiMatcher
{
    private readonly ModelApiIndex _index;
    private readonly ConcurrentDictionary<ISymbol, ModelApi[]> _rowsByMember = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ModelApi[]> _saverRowsByMember = new(SymbolEqualityComparer.Default);

    // Built once: a lambda at each GetOrAdd would allocate a delegate per call site.
    private readonly Func<ISymbol, ModelApi[]> _matchLoader;
    private readonly Func<ISymbol, ModelApi[]> _matchSaver;

    public ModelApiMatcher(ModelApiIndex index)
    {
        _index = index;
        _matchLoader = member => Match(member, _index.RowsNamed(member.MetadataName));
        _matchSaver = member => Match(member, _index.SaversNamed(member.MetadataName));
    }

    /// <summary>Names a matching call site spells: the pre-filter run before any binding.</summary>
    public HashSet<string> SyntaxNames => _index.SyntaxNames;

    /// <summary>Whether a call that spells a catalog name also spells a catalog type where the name alone is too common.</summary>
    public bool ReceiverAllows(string spelledName, SyntaxNode node) => _index.ReceiverAllows(spelledName, node);

    /// <summary>Catalog rows for a member (its original definition); empty when it is not a model API.</summary>
    public ModelApi[] RowsFor(ISymbol member) => _rowsByMember.GetOrAdd(member, _matchLoader);

    /// <summary>Names a saving call spells (<see cref="ModelApiKind.Save"/> rows).</summary>
    public HashSet<string> SaverNames => _index.SaverNames;

    /// <summary>Saving rows for a member (its original definition); empty when it writes no model file.</summary>
    public ModelApi[] SaverRowsFor(ISymbol member) => _saverRowsByMember.GetOrAdd(member, _matchSaver);

    private static ModelApi[] Match(ISymbol member, ModelApi[] candidates)
    {
        if (candidates.Length == 0 || member.ContainingType?.OriginalDefinition is not { } type
            || type.ContainingAssembly is not { } assembly)
        {
            return Array.Empty<ModelApi>();
        }

        List<ModelApi>? rows = null;
        foreach (var api in candidates)
        {
            // The row's type, looked up by metadata name in the assembly that defines the member: the same symbol only
            // when it is that very type (a user type with the same name lives in another assembly).
            if (api.Assemblies.Contains(assembly.Identity.Name)
                && SymbolEqualityComparer.Default.Equals(assembly.GetTypeByMetadataName(api.TypeName), type)
                && Accepts(member, api))
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
}
