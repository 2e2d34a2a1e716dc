using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TrustCheck.Analyzers.Values;

namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// Whether a model path was written earlier in the same method body by a saving API (Data/ModelApis.txt, kind save):
/// <c>torch.jit.save(module, location); … torch.jit.load(location)</c>. The file is the code's own output, not a
/// third-party model. The save must be a statement of its own that runs before the load on every path (a preceding
/// statement of the load's block or of an enclosing block of the same body), and name the same path: the same local,
/// parameter or const/readonly field with no write to it in between, or the same constant value.
/// </summary>
internal static class LocallySavedFile
{
    public static bool IsSavedBefore(IOperation argument, ResolvedValue? value, ModelApiMatcher apis, ConstantValueResolver resolver,
        CancellationToken cancellationToken)
    {
        if (argument.SemanticModel is not { } semanticModel)
        {
            return false;
        }

        var variable = VariableOf(argument);
        var constant = value is { IsTail: false, IsPrefix: false } ? value.Text : null;
        if (variable is null && constant is null)
        {
            return false;
        }

        foreach (var statement in PrecedingStatements(argument.Syntax))
        {
            if (SavedPath(statement, apis, semanticModel, cancellationToken) is { } saved
                && ((variable is not null && SymbolEqualityComparer.Default.Equals(variable, VariableOf(saved)))
                    || (constant is not null && resolver.Resolve(saved, cancellationToken) is { IsTail: false, IsPrefix: false } savedValue
                        && savedValue.Text == constant)))
            {
                return true;
            }

            if (variable is not null && SingleAssignment.IsAssignedInScope(statement, variable.Name))
            {
                return false; // Written in between: the save may have been of another path.
            }
        }

        return false;
    }

    /// <summary>A local, parameter or const/readonly field the value is read from; null for anything else.</summary>
    private static ISymbol? VariableOf(IOperation operation) => ConstantValueResolver.Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Field: { } field } when field.IsConst || field.IsReadOnly => field,
        _ => null,
    };

    /// <summary>The statements before the one that contains <paramref name="node"/>, nearest first, up to the body's start.</summary>
    private static IEnumerable<SyntaxNode> PrecedingStatements(SyntaxNode node)
    {
        for (var current = node; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case BlockSyntax block when current is StatementSyntax statement:
                    for (var i = block.Statements.IndexOf(statement) - 1; i >= 0; i--)
                    {
                        yield return block.Statements[i];
                    }

                    break;
                case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                    // Top-level statements: the earlier global statements of the same file.
                    for (var i = unit.Members.IndexOf(global) - 1; i >= 0 && unit.Members[i] is GlobalStatementSyntax earlier; i--)
                    {
                        yield return earlier.Statement;
                    }

                    yield break;
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax:
                    yield break;
            }
        }
    }

    /// <summary>The path argument of a saving call that is the whole statement (<c>torch.jit.save(m, p);</c>, <c>await …;</c>).</summary>
    private static IOperation? SavedPath(SyntaxNode statement, ModelApiMatcher apis, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var expression = (statement as ExpressionStatementSyntax)?.Expression;
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        if (expression is not InvocationExpressionSyntax invocation
            || SpelledName(invocation.Expression) is not { } name || !apis.SaverNames.Contains(name)
            || semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        var method = operation.TargetMethod.ReducedFrom ?? operation.TargetMethod;
        foreach (var api in apis.SaverRowsFor(method.OriginalDefinition))
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Name == api.Argument && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return argument.Value;
                }
            }
        }

        return null;
    }

    private static string? SpelledName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        _ => null,
    };
}
