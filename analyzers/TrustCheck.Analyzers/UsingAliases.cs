using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TrustCheck.Analyzers;

/// <summary>
/// Alias names that stand for a catalog type (<c>using Session = Microsoft.ML.OnnxRuntime.InferenceSession;</c>), so the
/// syntax pre-filter lets <c>new Session(…)</c> through. Collected once per compilation from the using directives of
/// every file (a <c>global using</c> alias applies to all of them); only directives are read, never member bodies.
/// </summary>
internal static class UsingAliases
{
    /// <summary>The pre-filter's names plus the aliases of catalog types; the shared set itself when there are none.</summary>
    public static HashSet<string> AddTo(HashSet<string> syntaxNames, Compilation compilation, CancellationToken cancellationToken)
    {
        var aliases = Collect(compilation, syntaxNames, cancellationToken);
        if (aliases.Count == 0)
        {
            return syntaxNames;
        }

        aliases.UnionWith(syntaxNames);
        return aliases;
    }

    private static HashSet<string> Collect(Compilation compilation, HashSet<string> syntaxNames, CancellationToken cancellationToken)
    {
        var aliases = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
            {
                Add(unit.Usings, syntaxNames, aliases);
                AddNested(unit.Members, syntaxNames, aliases);
            }
        }

        return aliases;
    }

    private static void AddNested(SyntaxList<MemberDeclarationSyntax> members, HashSet<string> syntaxNames, HashSet<string> aliases)
    {
        foreach (var member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax ns)
            {
                Add(ns.Usings, syntaxNames, aliases);
                AddNested(ns.Members, syntaxNames, aliases);
            }
        }
    }

    private static void Add(SyntaxList<UsingDirectiveSyntax> usings, HashSet<string> syntaxNames, HashSet<string> aliases)
    {
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias && RightmostName(directive.Name) is { } target && syntaxNames.Contains(target))
            {
                aliases.Add(alias.Name.Identifier.ValueText);
            }
        }
    }

    private static string? RightmostName(NameSyntax? name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
