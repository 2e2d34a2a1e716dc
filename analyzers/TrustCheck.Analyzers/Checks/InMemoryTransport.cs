using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Values;

namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// Whether a download client is built, in the same method or field initializer, over a handler that answers in memory:
/// <c>new WhisperGgmlDownloader(new HttpClient(new FakeHandler()))</c>, through locals and readonly fields, where
/// FakeHandler is declared in the project and derives from HttpMessageHandler itself (Data/Transports.txt). Such a
/// client downloads nothing, so TC4002 has nothing to say. A handler that can reach the network anywhere in the chain
/// (DelegatingHandler, HttpClientHandler, a handler from a library, a client given as a parameter) keeps the report.
/// </summary>
internal static class InMemoryTransport
{
    private const int MaxDepth = 6;

    public static bool Answers(IOperation? client, CancellationToken cancellationToken) => Answers(client, 0, cancellationToken);

    private static bool Answers(IOperation? operation, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth || Creation(operation, cancellationToken) is not { Type: INamedTypeSymbol type } creation)
        {
            return false;
        }

        var row = TransportCatalog.Find(type);
        if (row?.Role == TransportRole.Carrier)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == row.Parameter)
                {
                    return Answers(argument.Value, depth + 1, cancellationToken);
                }
            }

            return false;
        }

        return IsInMemoryHandler(type);
    }

    /// <summary>The object creation that is the value: written in place, or a single-assignment local's or readonly field's initializer.</summary>
    private static IObjectCreationOperation? Creation(IOperation? operation, CancellationToken cancellationToken)
    {
        if (operation is null)
        {
            return null;
        }

        var value = ConstantValueResolver.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => SingleAssignment.LocalInitializer(local, cancellationToken),
            IFieldReferenceOperation field => ReadonlyFieldInitializer(field, cancellationToken),
            var other => other,
        };
        return value is null ? null : ConstantValueResolver.Unwrap(value) as IObjectCreationOperation;
    }

    /// <summary>
    /// The initializer of a readonly field declared in the same file and not replaced in a constructor (another file would
    /// need its own semantic model).
    /// </summary>
    private static IOperation? ReadonlyFieldInitializer(IFieldReferenceOperation reference, CancellationToken cancellationToken)
    {
        var field = reference.Field;
        if (!field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } semanticModel
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || initializer.SyntaxTree != reference.Syntax.SyntaxTree
            || declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaringType
            || SingleAssignment.IsAssignedInScope(declaringType, field.Name))
        {
            return null;
        }

        return semanticModel.GetOperation(initializer, cancellationToken);
    }

    /// <summary>A handler declared in the project whose nearest library base type sends nothing by itself.</summary>
    private static bool IsInMemoryHandler(INamedTypeSymbol type)
    {
        if (type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        var baseType = type.BaseType;
        for (var i = 0; i < 16 && baseType is { DeclaringSyntaxReferences.Length: > 0 }; i++)
        {
            baseType = baseType.BaseType;
        }

        return baseType is not null && TransportCatalog.Find(baseType)?.Role == TransportRole.InMemory;
    }
}
