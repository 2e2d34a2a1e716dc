using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// Reports a diagnostic at the severity the policy's "rules" section asks for (or the default). One sink serves one call
/// site, and reports each rule at most once per location there: an argument with several possible values (a field set
/// on two constructor branches) gets one diagnostic per rule, naming the first value that fails it.
/// </summary>
internal sealed class DiagnosticSink
{
    private readonly Action<Diagnostic> _report;
    private readonly ProjectFacts? _facts;
    private List<(string Id, Location Location)>? _reported;

    public DiagnosticSink(Action<Diagnostic> report, ProjectFacts? facts)
    {
        _report = report;
        _facts = facts;
    }

    public void Report(DiagnosticDescriptor descriptor, Location location, params object[] messageArgs) =>
        Report(descriptor, location, null, null, messageArgs);

    public void Report(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location>? additionalLocations,
        ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
    {
        var severity = _facts?.SeverityOf(descriptor.Id);
        if (severity == ReportDiagnostic.Suppress || !FirstAt(descriptor.Id, location))
        {
            return;
        }

        if (severity is null)
        {
            // Default severity: .editorconfig, NoWarn and WarningsAsErrors apply as to any compiler warning.
            _report(Diagnostic.Create(descriptor, location, additionalLocations, properties, messageArgs));
            return;
        }

        var effective = severity switch
        {
            ReportDiagnostic.Error => DiagnosticSeverity.Error,
            ReportDiagnostic.Info => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Warning,
        };
        _report(Diagnostic.Create(descriptor, location, effective, additionalLocations, properties, messageArgs));
    }

    private bool FirstAt(string id, Location location)
    {
        _reported ??= new List<(string Id, Location Location)>(2);
        foreach (var (reportedId, reportedLocation) in _reported)
        {
            if (reportedId == id && reportedLocation.Equals(location))
            {
                return false;
            }
        }

        _reported.Add((id, location));
        return true;
    }
}
