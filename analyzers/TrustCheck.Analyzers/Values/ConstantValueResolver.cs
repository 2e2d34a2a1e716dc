using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TrustCheck.Analyzers.Values;

/// <summary>
/// Finds the compile-time value of a string argument: constants, const fields and locals, single-assignment locals,
/// readonly fields initialised with a literal or assigned in constructors, concatenation, interpolation, <c>Path.Combine</c>/<c>Path.Join</c> and
/// <c>new Uri(…)</c>, and the path read by <c>File.ReadAllBytes</c>/<c>File.OpenRead</c>. A run-time prefix (a base
/// directory) leaves a known tail; for URLs (<see cref="ResolveWithPrefix"/>) a run-time end (a file name) leaves a
/// known prefix; anything else is unknown (null).
/// </summary>
internal sealed class ConstantValueResolver
{
    private const int MaxDepth = 6;

    public ResolvedValue? Resolve(IOperation? operation, CancellationToken cancellationToken) =>
        NonBlank(Resolve(operation, 0, allowPrefix: false, cancellationToken));

    /// <summary>
    /// As <see cref="Resolve(IOperation?, CancellationToken)"/>, and a value whose end is only known at run time keeps its
    /// constant start (<see cref="ResolvedValue.IsPrefix"/>): <c>$"https://huggingface.co/org/repo/resolve/main/{file}"</c>.
    /// </summary>
    public ResolvedValue? ResolveWithPrefix(IOperation? operation, CancellationToken cancellationToken) =>
        NonBlank(Resolve(operation, 0, allowPrefix: true, cancellationToken));

    /// <summary>An empty or blank string names no model (<c>new ModelParams("")</c> for weights loaded elsewhere).</summary>
    private static ResolvedValue? NonBlank(ResolvedValue? value) => value is null || value.Text.Trim().Length == 0 ? null : value;

    private ResolvedValue? Resolve(IOperation? operation, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        operation = Unwrap(operation);
        if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation)
        {
            // Also for constant concatenations: walking the parts keeps track of the literals for code fixes.
            return Concatenate(new[] { concatenation.LeftOperand, concatenation.RightOperand }, separator: null, depth, allowPrefix, cancellationToken);
        }

        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return new ResolvedValue(constant, isTail: false, LiteralsOf(operation, cancellationToken));
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } other } && other.GetType().IsPrimitive)
        {
            // A number in an interpolation hole or concatenation ("model-v{Version}.onnx").
            return new ResolvedValue(FormatInvariant(other), isTail: false, ImmutableArray<LiteralExpressionSyntax>.Empty);
        }

        return operation switch
        {
            IInterpolatedStringOperation interpolated => Interpolation(interpolated, depth, allowPrefix, cancellationToken),
            IInvocationOperation invocation when IsPathJoin(invocation.TargetMethod) =>
                Concatenate(PathParts(invocation), separator: "/", depth, allowPrefix, cancellationToken),
            IInvocationOperation invocation when IsFileRead(invocation) =>
                Resolve(invocation.Arguments[0].Value, depth + 1, allowPrefix: false, cancellationToken),
            IInvocationOperation invocation when IsGetFullPath(invocation) =>
                AsTail(Resolve(invocation.Arguments[0].Value, depth + 1, allowPrefix: false, cancellationToken)),
            IObjectCreationOperation creation when IsUri(creation) =>
                Resolve(creation.Arguments[0].Value, depth + 1, allowPrefix, cancellationToken),
            ILocalReferenceOperation local => SingleAssignmentLocal(local, depth, allowPrefix, cancellationToken),
            IFieldReferenceOperation field => ReadonlyField(field, depth, allowPrefix, cancellationToken),
            _ => null,
        };
    }

    /// <summary>The operand under implicit or explicit conversions and parentheses.</summary>
    internal static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// Joins parts; unknown leading parts make a tail. An unknown part after a known one makes it all unknown, or, when
    /// <paramref name="allowPrefix"/>, ends a prefix (never both: a value with a run-time start and end is unknown).
    /// </summary>
    private ResolvedValue? Concatenate(IOperation[] parts, string? separator, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var literals = ImmutableArray.CreateBuilder<LiteralExpressionSyntax>();
        var isTail = false;
        var isPrefix = false;
        var started = false;
        foreach (var part in parts)
        {
            var value = Resolve(part, depth + 1, allowPrefix && !isTail, cancellationToken);
            if (value is null)
            {
                if (started)
                {
                    if (!allowPrefix || isTail)
                    {
                        return null;
                    }

                    isPrefix = true;
                    break;
                }

                isTail = true;
                continue;
            }

            if (value.IsTail)
            {
                // A run-time prefix inside a later part: only what follows it is known.
                text.Clear();
                literals.Clear();
                isTail = true;
            }

            if (started && separator is not null && text.Length > 0 && !EndsWithSeparator(text) && !StartsWithSeparator(value.Text))
            {
                text.Append(separator);
            }

            text.Append(value.Text);
            literals.AddRange(value.Literals);
            started = true;
            if (value.IsPrefix)
            {
                isPrefix = true;
                break; // What follows a run-time part is not where it appears to be.
            }
        }

        if (!started || (isPrefix && isTail))
        {
            return null;
        }

        var result = text.ToString();
        if (isTail)
        {
            result = result.TrimStart('/', '\\');
        }

        return result.Length == 0 ? null : new ResolvedValue(result, isTail, literals.ToImmutable(), isPrefix);
    }

    private static bool EndsWithSeparator(System.Text.StringBuilder text) => text[text.Length - 1] is '/' or '\\';

    private static bool StartsWithSeparator(string text) => text.Length > 0 && text[0] is '/' or '\\';

    private ResolvedValue? Interpolation(IInterpolatedStringOperation interpolated, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        var parts = new IOperation[interpolated.Parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = interpolated.Parts[i] switch
            {
                IInterpolatedStringTextOperation text => text.Text,
                IInterpolationOperation { Alignment: null, FormatString: null } hole => hole.Expression,
                var other => other,
            };
        }

        return Concatenate(parts, separator: null, depth, allowPrefix, cancellationToken);
    }

    private bool IsPathJoin(IMethodSymbol method) =>
        method.Name is "Combine" or "Join"
        && IsSystemType(method.ContainingType, "IO", "Path")
        && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_String || p.IsParams);

    /// <summary>A top-level type System.{name} or System.{subNamespace}.{name}.</summary>
    /// <remarks>
    /// By name rather than Compilation.GetTypeByMetadataName, which searches every referenced assembly once per
    /// compilation (and finds nothing when two references define the type).
    /// </remarks>
    private static bool IsSystemType(ITypeSymbol? type, string? subNamespace, string name)
    {
        if (type is not INamedTypeSymbol { ContainingType: null } named || named.Name != name || named.Arity != 0)
        {
            return false;
        }

        var ns = named.ContainingNamespace;
        if (subNamespace is not null)
        {
            if (ns is null || ns.Name != subNamespace)
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
    }

    private static IOperation[] PathParts(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length == 1
            && invocation.Arguments[0].Value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues.ToArray();
        }

        return invocation.Arguments.Select(a => a.Value).ToArray();
    }

    /// <summary><c>File.ReadAllBytes(path)</c> or <c>File.OpenRead(path)</c>: the bytes of a file whose path may be known.</summary>
    private static bool IsFileRead(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "ReadAllBytes" or "OpenRead"
        && invocation.Arguments.Length == 1
        && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
        && IsSystemType(invocation.TargetMethod.ContainingType, "IO", "File");

    /// <summary><c>Path.GetFullPath(path)</c>: the path under the run-time working folder.</summary>
    private static bool IsGetFullPath(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "GetFullPath"
        && invocation.Arguments.Length == 1
        && IsSystemType(invocation.TargetMethod.ContainingType, "IO", "Path");

    private static ResolvedValue? AsTail(ResolvedValue? value) =>
        value is null || value.IsTail ? value : new ResolvedValue(value.Text, isTail: true, value.Literals);

    private bool IsUri(IObjectCreationOperation creation) =>
        IsSystemType(creation.Type, null, "Uri")
        && creation.Arguments.Length >= 1
        && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;

    /// <summary>A local whose only write is its initializer (checked on the syntax of the enclosing body).</summary>
    private ResolvedValue? SingleAssignmentLocal(ILocalReferenceOperation reference, int depth, bool allowPrefix, CancellationToken cancellationToken) =>
        Resolve(SingleAssignment.LocalInitializer(reference, cancellationToken), depth + 1, allowPrefix, cancellationToken);

    /// <summary>
    /// Each value a string may have: as <see cref="Resolve(IOperation?, CancellationToken)"/>, and for a readonly field set
    /// on several constructor branches (<c>_modelPath = dev ? "a.zip" : …</c> in if/else) every assigned value; empty when
    /// any of them is only known at run time.
    /// </summary>
    public ImmutableArray<ResolvedValue> ResolveEach(IOperation? operation, CancellationToken cancellationToken)
    {
        if (operation is not null && Unwrap(operation) is IFieldReferenceOperation field
            && FieldValues(field, 0, allowPrefix: false, cancellationToken) is { Count: > 1 } values)
        {
            var distinct = ImmutableArray.CreateBuilder<ResolvedValue>(values.Count);
            foreach (var value in values)
            {
                if (value is null)
                {
                    return ImmutableArray<ResolvedValue>.Empty;
                }

                if (NonBlank(value) is { } nonBlank && !distinct.Any(v => v.Text == nonBlank.Text && v.IsTail == nonBlank.IsTail))
                {
                    distinct.Add(nonBlank);
                }
            }

            return distinct.ToImmutable();
        }

        return Resolve(operation, cancellationToken) is { } single ? ImmutableArray.Create(single) : ImmutableArray<ResolvedValue>.Empty;
    }

    /// <summary>A field's value when all its values agree (inside a larger expression one value is needed).</summary>
    private ResolvedValue? ReadonlyField(IFieldReferenceOperation reference, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        var values = FieldValues(reference, depth, allowPrefix, cancellationToken);
        if (values is not { Count: > 0 } || values[0] is not { } first)
        {
            return null;
        }

        foreach (var value in values)
        {
            if (value is null || value.Text != first.Text || value.IsTail != first.IsTail || value.IsPrefix != first.IsPrefix)
            {
                return null;
            }
        }

        return first;
    }

    /// <summary>
    /// The values a field can hold, or null when one of its writes is not a plain assignment we can see. A readonly field:
    /// its initializer, if any, and each assignment in the constructors of its type (the only other places the compiler
    /// lets write it); a private field never assigned after its initializer: that initializer. A null item is a write whose
    /// value is only known at run time. Values come from the same file (another file's expressions would need their own
    /// semantic model, which analyzers must not create), except a literal initializer.
    /// </summary>
    private List<ResolvedValue?>? FieldValues(IFieldReferenceOperation reference, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        var field = reference.Field;
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
        {
            return null;
        }

        var initializer = declarator.Initializer?.Value;
        var sameFile = declarator.SyntaxTree == reference.Syntax.SyntaxTree && reference.SemanticModel is not null;
        var values = new List<ResolvedValue?>();
        if (field.IsReadOnly)
        {
            if (sameFile && !AddConstructorAssignments(field, declarator, reference.SemanticModel!, values, depth, allowPrefix, cancellationToken))
            {
                return null;
            }
        }
        else if (!IsNeverAssignedPrivateField(field, declarator))
        {
            return null;
        }

        if (initializer is LiteralExpressionSyntax literal)
        {
            values.Add(literal.IsKind(SyntaxKind.StringLiteralExpression)
                ? new ResolvedValue(literal.Token.ValueText, isTail: false, ImmutableArray.Create(literal))
                : null);
        }
        else if (initializer is not null)
        {
            values.Add(sameFile
                ? Resolve(reference.SemanticModel!.GetOperation(initializer, cancellationToken), depth + 1, allowPrefix, cancellationToken)
                : null);
        }

        return values;
    }

    /// <summary>
    /// Adds the value of each assignment to a readonly field in its type's constructors; false when the type is declared
    /// in several places (partial) or the field is written any other way (a ref/out argument, a compound assignment).
    /// </summary>
    private bool AddConstructorAssignments(IFieldSymbol field, VariableDeclaratorSyntax declarator, SemanticModel semanticModel,
        List<ResolvedValue?> values, int depth, bool allowPrefix, CancellationToken cancellationToken)
    {
        if (field.ContainingType is not { DeclaringSyntaxReferences.Length: 1 }
            || declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
        {
            return false;
        }

        foreach (var node in type.DescendantNodes())
        {
            if (!SingleAssignment.IsWriteOf(node, field.Name) || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() != type)
            {
                continue; // Not a write of this name, or one in a nested type (which cannot write this field).
            }

            if (node is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not ConstructorDeclarationSyntax)
            {
                return false;
            }

            values.Add(Resolve(semanticModel.GetOperation(assignment.Right, cancellationToken), depth + 1, allowPrefix, cancellationToken));
        }

        return true;
    }

    /// <summary>
    /// A private field of a type declared in one place whose declaration never assigns it after its initializer
    /// (<c>private static string ModelPath = Path.GetFullPath("model.zip");</c>): readonly in all but name.
    /// </summary>
    private static bool IsNeverAssignedPrivateField(IFieldSymbol field, VariableDeclaratorSyntax declarator) =>
        field.DeclaredAccessibility == Accessibility.Private
        && field.ContainingType is { DeclaringSyntaxReferences.Length: 1 }
        && declarator.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } type
        && !SingleAssignment.IsAssignedInScope(type, field.Name);

    /// <summary>The literal behind a constant: written in place, or in a const field/local's declaration.</summary>
    private static ImmutableArray<LiteralExpressionSyntax> LiteralsOf(IOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return ImmutableArray.Create(literal);
        }

        var symbol = operation switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (symbol is { DeclaringSyntaxReferences.Length: 1 }
            && symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax declared }
            && declared.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return ImmutableArray.Create(declared);
        }

        return ImmutableArray<LiteralExpressionSyntax>.Empty;
    }

    public static string FormatInvariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
