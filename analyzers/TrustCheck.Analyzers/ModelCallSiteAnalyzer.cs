using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
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
/// Cost: projects that reference no ML library stop at compilation start (catalog types are looked up only in the
/// referenced ML assemblies). Otherwise each invocation, creation and property assignment costs one dictionary probe.
/// (A syntax pre-filter on spelled names measured slower: it binds every target-typed <c>new()</c>.)
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelCallSiteAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UndeclaredModel, Descriptors.UnpinnedDownload, Descriptors.PickleLoad, Descriptors.RestrictedLicense);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var apis = ModelApiResolver.Resolve(context.Compilation);
        if (apis is null)
        {
            return; // No ML library referenced: nothing to look at, near-zero cost.
        }

        var facts = ProjectFacts.Load(context.Options, context.CancellationToken);
        var resolver = new ConstantValueResolver(context.Compilation);
        context.RegisterOperationAction(
            operationContext => AnalyzeOperation(operationContext, apis, facts, resolver),
            OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
    }

    private static void AnalyzeOperation(OperationAnalysisContext context, ModelApiResolver.Apis apis, ProjectFacts? facts,
        ConstantValueResolver resolver)
    {
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
                AnalyzeCall(context, apis, method.OriginalDefinition, invocation.Arguments, method, facts, resolver);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                AnalyzeCall(context, apis, constructor.OriginalDefinition, creation.Arguments, null, facts, resolver);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when apis.ByMember.TryGetValue(property.Property.OriginalDefinition, out var rows):
                var assigned = resolver.Resolve(assignment.Value, context.CancellationToken);
                var sink = new DiagnosticSink(context.ReportDiagnostic, facts);
                foreach (var api in rows)
                {
                    Check(new CallSite(api, assignment.Value, assignment.Value.Syntax.GetLocation(), assigned, null), facts, sink);
                }

                break;
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, ModelApiResolver.Apis apis, ISymbol member,
        ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method, ProjectFacts? facts, ConstantValueResolver resolver)
    {
        // The hot path: one dictionary probe per call in the compilation; everything else only runs on a hit.
        if (!apis.ByMember.TryGetValue(member, out var rows))
        {
            return;
        }

        var sink = new DiagnosticSink(context.ReportDiagnostic, facts);
        foreach (var api in rows)
        {
            var argument = arguments.FirstOrDefault(a => a.Parameter?.Name == api.Argument);
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = resolver.Resolve(argument.Value, context.CancellationToken);
            Check(new CallSite(api, argument.Value, argument.Value.Syntax.GetLocation(), value, method), facts, sink);
        }
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
        }
    }
}
