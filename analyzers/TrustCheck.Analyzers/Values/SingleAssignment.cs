using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TrustCheck.Analyzers.Values;

/// <summary>Where a variable's only value comes from, read from the syntax around it (no data-flow analysis).</summary>
internal static class SingleAssignment
{
    /// <summary>
    /// The initializer of a local whose only write is its declaration, with that file's semantic model; null when the
    /// local is written again anywhere in its scope (checked on the syntax of the enclosing block).
    /// </summary>
    public static IOperation? LocalInitializer(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } semanticModel)
        {
            return null;
        }

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.SyntaxTree != reference.Syntax.SyntaxTree)
        {
            return null;
        }

        var scope = declarator.Ancestors().FirstOrDefault(n => n is BlockSyntax or ArrowExpressionClauseSyntax or CompilationUnitSyntax or SwitchSectionSyntax);
        if (scope is null || IsAssignedInScope(scope, local.Name))
        {
            return null;
        }

        return semanticModel.GetOperation(initializer, cancellationToken);
    }

    /// <summary>Whether anything under <paramref name="scope"/> assigns (or passes by ref/out) a variable of this name.</summary>
    public static bool IsAssignedInScope(SyntaxNode scope, string name)
    {
        foreach (var node in scope.DescendantNodes())
        {
            if (IsWriteOf(node, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An assignment to (also as part of a tuple), or a ref/out argument of, a variable or member of this name.</summary>
    public static bool IsWriteOf(SyntaxNode node, string name) => node switch
    {
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } => target.Identifier.ValueText == name,
        // this.field = …, Type.field = …
        AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax target } } => target.Identifier.ValueText == name,
        // (path, other) = (…, …)
        AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple } => TupleNames(tuple, name),
        ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax target } => target.Identifier.ValueText == name,
        ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax target } } =>
            target.Identifier.ValueText == name,
        _ => false,
    };

    private static bool TupleNames(TupleExpressionSyntax tuple, string name)
    {
        foreach (var element in tuple.Arguments)
        {
            var named = element.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText == name,
                TupleExpressionSyntax nested => TupleNames(nested, name),
                _ => false,
            };
            if (named)
            {
                return true;
            }
        }

        return false;
    }
}
