using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Checks;
using TrustCheck.Analyzers.Facts;
using TrustCheck.Analyzers.Values;

namespace TrustCheck.Analyzers;

/// <summary>
/// Finds call sites that load or fetch models (Data/ModelApis.txt) and checks them against the project's facts file:
/// TC4001 undeclared model file, TC4002 unpinned download, TC4003 pickle deserialization, TC4004 restricted license.
/// </summary>
/// <remarks>
/// Cost: projects that reference no ML library stop at compilation start (a scan of the reference names). Otherwise a
/// syntax pre-filter on the name spelled at the call site keeps binding and IOperation creation to the few candidate
/// calls, and the catalog is matched by name against the members bound there (never bound up front). An operation
/// action on every invocation, or binding every target-typed new(), measured 5–6 % of compile time
/// (benchmarks/analyzers). Using aliases of catalog types are collected from the using directives, once per compilation.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelCallSiteAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UndeclaredModel, Descriptors.UnpinnedDownload, Descriptors.PickleLoad, Descriptors.RestrictedLicense,
        Descriptors.FactsFileMissing, Descriptors.UndeclaredRemoteModel);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var index = ModelApiIndex.Instance;
        if (!index.IsUsedBy(context.Compilation))
        {
            return; // No ML library referenced: nothing to look at, near-zero cost.
        }

        var apis = new ModelApiMatcher(index);

        // Read and parsed on the first call site that matches: a project that references an ML library but calls no
        // model API never reads the facts file.
        var options = context.Options;
        var cancellationToken = context.CancellationToken;
        var facts = new Lazy<ProjectFacts?>(() => ProjectFacts.Load(options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        var compilation = context.Compilation;
        var names = new Lazy<HashSet<string>>(() => UsingAliases.AddTo(apis.SyntaxNames, compilation, cancellationToken),
            LazyThreadSafetyMode.ExecutionAndPublication);
        var resolver = new ConstantValueResolver();
        var missingFacts = new MissingFactsNotice(options);
        context.RegisterSyntaxNodeAction(
            nodeContext => AnalyzeNode(nodeContext, apis, names, facts, resolver, missingFacts),
            SyntaxKind.InvocationExpression, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression,
            SyntaxKind.SimpleAssignmentExpression);
    }

    private static void AnalyzeNode(SyntaxNodeAnalysisContext context, ModelApiMatcher apis, Lazy<HashSet<string>> names,
        Lazy<ProjectFacts?> facts, ConstantValueResolver resolver, MissingFactsNotice missingFacts)
    {
        // Target-typed new() names no type; everything else must spell a member or type name we know.
        // Only calls that spell a name we know go on to binding. A target-typed new() is bound only when its type
        // cannot be read from the declaration it initialises (an argument, an assignment, a lambda's return).
        var name = context.Node is ImplicitObjectCreationExpressionSyntax implicitCreation
            ? TargetTypeName(implicitCreation)
            : SpelledName(context.Node) ?? "";
        if (name is not null && (!names.Value.Contains(name) || !apis.ReceiverAllows(name, context.Node)))
        {
            return;
        }

        switch (context.SemanticModel.GetOperation(context.Node, context.CancellationToken))
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
                AnalyzeCall(context, apis, method.OriginalDefinition, invocation.Arguments, method, invocation.Instance, facts, resolver, missingFacts);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                AnalyzeCall(context, apis, constructor.OriginalDefinition, creation.Arguments, null, null, facts, resolver, missingFacts);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when apis.RowsFor(property.Property.OriginalDefinition) is { Length: > 0 } rows:
                var assigned = resolver.ResolveEach(assignment.Value, context.CancellationToken);
                var assignmentFacts = facts.Value;
                missingFacts.ReportIfMissing(assignmentFacts, context.Node.GetLocation(), context.ReportDiagnostic);
                var sink = new DiagnosticSink(context.ReportDiagnostic, assignmentFacts);
                foreach (var api in rows)
                {
                    for (var i = 0; i < Math.Max(assigned.Length, 1); i++)
                    {
                        var value = assigned.IsEmpty ? null : assigned[i];
                        Check(new CallSite(api, assignment.Value, assignment.Value.Syntax.GetLocation(), value, null), assignmentFacts, sink);
                    }
                }

                break;
        }
    }

    /// <summary>The rightmost name of the called member, the created type, or the assigned property.</summary>
    private static string? SpelledName(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => RightmostName(invocation.Expression),
        ObjectCreationExpressionSyntax creation => RightmostName(creation.Type),
        AssignmentExpressionSyntax assignment => RightmostName(assignment.Left),
        _ => null,
    };

    /// <summary>The declared type a target-typed new() initialises, when the syntax says it; null when only binding can tell.</summary>
    private static string? TargetTypeName(ImplicitObjectCreationExpressionSyntax node) => node.Parent switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } =>
            declaration.Type.IsVar ? null : RightmostName(declaration.Type),
        EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => RightmostName(property.Type),
        ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => RightmostName(method.ReturnType),
        ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => RightmostName(property.Type),
        ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax function } => RightmostName(function.ReturnType),
        _ => null,
    };

    private static string? RightmostName(SyntaxNode node) => node switch
    {
        NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
        PredefinedTypeSyntax predefined => predefined.Keyword.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
        _ => null,
    };

    private static void AnalyzeCall(SyntaxNodeAnalysisContext context, ModelApiMatcher apis, ISymbol member,
        ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method, IOperation? instance, Lazy<ProjectFacts?> lazyFacts,
        ConstantValueResolver resolver, MissingFactsNotice missingFacts)
    {
        var rows = apis.RowsFor(member);
        if (rows.Length == 0)
        {
            return;
        }

        // A client built right here over a test-double handler downloads nothing.
        var inMemory = IsDownload(rows) && InMemoryTransport.Answers(instance, context.CancellationToken);

        var facts = lazyFacts.Value;
        missingFacts.ReportIfMissing(facts, context.Node.GetLocation(), context.ReportDiagnostic);
        var sink = new DiagnosticSink(context.ReportDiagnostic, facts);
        foreach (var api in rows)
        {
            if (inMemory && api.Kind is ModelApiKind.LibraryDownload or ModelApiKind.Url)
            {
                continue;
            }

            var argument = ArgumentFor(arguments, api.Argument);
            if (api.Kind == ModelApiKind.LibraryDownload)
            {
                // The library fetches from its own location whatever the argument (even a default one) says.
                var given = argument is { ArgumentKind: not ArgumentKind.DefaultValue } ? argument.Value : null;
                Check(new CallSite(api, given, (given?.Syntax ?? context.Node).GetLocation(), null, method), facts, sink);
                continue;
            }

            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            // URLs keep a constant prefix (host, repository, revision) before a run-time file name. Other values may be
            // several (a readonly field set on two constructor branches): each is checked, the sink reports a rule once.
            var values = api.Kind == ModelApiKind.Url
                ? OneOrNone(resolver.ResolveWithPrefix(argument.Value, context.CancellationToken))
                : resolver.ResolveEach(argument.Value, context.CancellationToken);
            for (var i = 0; i < Math.Max(values.Length, 1); i++)
            {
                var value = values.IsEmpty ? null : values[i];
                if (api.Kind is ModelApiKind.Path or ModelApiKind.TorchPath or ModelApiKind.Pickle
                    && LocallySavedFile.IsSavedBefore(argument.Value, value, apis, resolver, context.CancellationToken))
                {
                    continue; // The file this method just saved: the code's own output, not a third-party model.
                }

                Check(new CallSite(api, argument.Value, argument.Value.Syntax.GetLocation(), value, method), facts, sink);
            }
        }
    }

    private static ImmutableArray<ResolvedValue> OneOrNone(ResolvedValue? value) =>
        value is null ? ImmutableArray<ResolvedValue>.Empty : ImmutableArray.Create(value);

    private static bool IsDownload(ModelApi[] rows)
    {
        foreach (var api in rows)
        {
            if (api.Kind is ModelApiKind.LibraryDownload or ModelApiKind.Url)
            {
                return true;
            }
        }

        return false;
    }

    private static IArgumentOperation? ArgumentFor(ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    private static void Check(CallSite site, ProjectFacts? facts, DiagnosticSink sink)
    {
        switch (site.Api.Kind)
        {
            case ModelApiKind.Path or ModelApiKind.TorchPath or ModelApiKind.Pickle:
                PathChecks.Check(site, facts, sink);
                break;
            case ModelApiKind.ModelName or ModelApiKind.ModelPull:
                SourceChecks.CheckModelName(site, facts, sink);
                break;
            case ModelApiKind.Url:
                SourceChecks.CheckUrl(site, facts, sink);
                break;
            case ModelApiKind.LibraryDownload:
                LibraryDownloadCheck.Check(site, facts, sink);
                break;
        }
    }
}
