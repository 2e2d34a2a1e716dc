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
        var apis = ResolveApis(context.Compilation);
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

    /// <summary>Member symbol → the catalog rows for it; null when the compilation references no ML library.</summary>
    private static Dictionary<ISymbol, List<ModelApi>>? ResolveApis(Compilation compilation)
    {
        var byMember = new Dictionary<ISymbol, List<ModelApi>>(SymbolEqualityComparer.Default);
        var usesMlLibrary = false;
        var types = new Dictionary<string, INamedTypeSymbol?>();
        foreach (var api in ModelApiCatalog.All)
        {
            if (!types.TryGetValue(api.TypeName, out var type))
            {
                type = compilation.GetTypeByMetadataName(api.TypeName);
                types[api.TypeName] = type;
            }

            if (type is null)
            {
                continue;
            }

            foreach (var member in MembersOf(type, api))
            {
                if (!byMember.TryGetValue(member, out var rows))
                {
                    rows = new List<ModelApi>();
                    byMember[member] = rows;
                }

                rows.Add(api);
                usesMlLibrary |= !api.IsGeneric;
            }
        }

        return usesMlLibrary ? byMember : null;
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

    private static void AnalyzeOperation(OperationAnalysisContext context, Dictionary<ISymbol, List<ModelApi>> apis,
        ProjectFacts? facts, ConstantValueResolver resolver)
    {
        var sink = new DiagnosticSink(context.ReportDiagnostic, facts);
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
                AnalyzeCall(context, apis, method.OriginalDefinition, invocation.Arguments, method, facts, resolver, sink);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                AnalyzeCall(context, apis, constructor.OriginalDefinition, creation.Arguments, null, facts, resolver, sink);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when apis.TryGetValue(property.Property.OriginalDefinition, out var rows):
                foreach (var api in rows)
                {
                    var value = resolver.Resolve(assignment.Value, context.CancellationToken);
                    Check(new CallSite(api, assignment.Value, assignment.Value.Syntax.GetLocation(), value, null), facts, sink);
                }

                break;
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Dictionary<ISymbol, List<ModelApi>> apis, ISymbol member,
        ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method, ProjectFacts? facts,
        ConstantValueResolver resolver, DiagnosticSink sink)
    {
        if (!apis.TryGetValue(member, out var rows))
        {
            return;
        }

        foreach (var api in rows)
        {
            var argument = arguments.FirstOrDefault(a => a.Parameter?.Name == api.Argument);
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = resolver.Resolve(argument.Value, context.CancellationToken);
            var location = argument.Value.Syntax.GetLocation();
            Check(new CallSite(api, argument.Value, location, value, method), facts, sink);
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
