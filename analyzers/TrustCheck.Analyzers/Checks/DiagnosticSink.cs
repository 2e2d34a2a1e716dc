using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>Reports a diagnostic at the severity the policy's "rules" section asks for (or the default).</summary>
internal sealed class DiagnosticSink
{
    private readonly Action<Diagnostic> _report;
    private readonly ProjectFacts? _facts;

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
        if (severity == ReportDiagnostic.Suppress)
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
}
