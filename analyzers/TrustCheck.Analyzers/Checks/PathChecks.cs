using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Facts;
using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>A model file or folder loaded from a path: TC4001 (not declared), TC4003 (pickle), TC4004 (license).</summary>
internal static class PathChecks
{
    public static void Check(CallSite site, ProjectFacts? facts, DiagnosticSink sink)
    {
        var value = site.Value;
        if (value is null || ModelPath.IsUrl(value.Text))
        {
            if (site.Api.Kind == ModelApiKind.Pickle)
            {
                ReportPickle(site, facts, declared: null, sink);
            }

            return;
        }

        var declared = facts?.FindDeclared(value.Text);
        if (facts is not null && declared is null)
        {
            ReportUndeclared(site, facts, sink);
        }

        if (site.Api.Kind == ModelApiKind.Pickle || IsPickle(site.Api.Kind, declared, value.Text))
        {
            ReportPickle(site, facts, declared, sink);
        }

        LicenseCheck.CheckPath(site, declared, facts, sink);
    }

    /// <summary>The lock's content-sniffed format decides; the extension only when the format is unknown.</summary>
    private static bool IsPickle(ModelApiKind kind, AnalyzerModelFact? declared, string path)
    {
        if (declared is { Format.Length: > 0 })
        {
            return ModelFormatCatalog.IsPickleFormatName(declared.Format);
        }

        return ModelFormatCatalog.ForPath(path)?.Pickle switch
        {
            PickleRisk.Yes => true,
            PickleRisk.Maybe => kind == ModelApiKind.TorchPath,
            _ => false,
        };
    }

    private static void ReportUndeclared(CallSite site, ProjectFacts facts, DiagnosticSink sink)
    {
        var value = site.Value!;
        var caseOnly = facts.FindDeclaredIgnoringCase(value.Text);
        if (caseOnly is null)
        {
            sink.Report(Descriptors.UndeclaredModel, site.Location, value.Text, "");
            return;
        }

        var hint = $" (the project declares '{caseOnly.Path}', which differs only in letter case and fails on case-sensitive file systems)";
        var (locations, properties) = CaseFix(value, caseOnly.Path);
        sink.Report(Descriptors.UndeclaredModel, site.Location, locations, properties, value.Text, hint);
    }

    private static (ImmutableArray<Location>, ImmutableDictionary<string, string?>) CaseFix(Values.ResolvedValue value, string declaredPath)
    {
        var code = value.Text;
        var declared = ModelPath.Normalize(declaredPath);
        if (!string.Equals(ModelPath.Normalize(code), code, StringComparison.Ordinal))
        {
            return (ImmutableArray<Location>.Empty, ImmutableDictionary<string, string?>.Empty);
        }

        string corrected;
        if (code.EndsWith(declared, StringComparison.OrdinalIgnoreCase))
        {
            corrected = code.Substring(0, code.Length - declared.Length) + declared;
        }
        else if (declared.EndsWith(code, StringComparison.OrdinalIgnoreCase))
        {
            corrected = declared.Substring(declared.Length - code.Length);
        }
        else
        {
            return (ImmutableArray<Location>.Empty, ImmutableDictionary<string, string?>.Empty);
        }

        var first = 0;
        while (first < code.Length && code[first] == corrected[first])
        {
            first++;
        }

        var last = code.Length - 1;
        while (last > first && code[last] == corrected[last])
        {
            last--;
        }

        return LiteralEdit.Create(value, first, last - first + 1, corrected.Substring(first, last - first + 1),
            $"Use the declared path '{corrected}'");
    }

    private static void ReportPickle(CallSite site, ProjectFacts? facts, AnalyzerModelFact? declared, DiagnosticSink sink)
    {
        var value = site.Value;
        var why = site.Api.Kind == ModelApiKind.Pickle
            ? $"{site.Api.Library} {site.Api.Member} unpickles PyTorch checkpoints"
            : declared is { Format.Length: > 0 }
                ? $"its content is {declared.Format}"
                : $"'{ModelFormatCatalog.ForPath(value!.Text)?.Extension}' files are pickle-based";

        var safer = value is null ? null : facts?.FindSaferSibling(declared, value.Text);
        if (safer is null || value is null)
        {
            sink.Report(Descriptors.PickleLoad, site.Location, site.Label, why,
                "convert the weights to safetensors or ONNX (or GGUF for llama.cpp) and load that file instead");
            return;
        }

        var fileName = ModelPath.FileName(value.Text);
        var saferName = ModelPath.FileName(safer.Path);
        var renameMember = site.Api.Kind == ModelApiKind.Pickle && site.Method is not null ? site.Api.SaferMember : "";
        var title = renameMember.Length > 0 ? $"Load '{saferName}' with {renameMember}" : $"Load '{saferName}' instead";
        var (locations, properties) = LiteralEdit.Create(value, value.Text.Length - fileName.Length, fileName.Length, saferName, title, renameMember);
        sink.Report(Descriptors.PickleLoad, site.Location, locations, properties, site.Label, why,
            $"the project declares '{safer.Path}' beside it: load that instead" + (renameMember.Length > 0 ? $" with {renameMember}" : ""));
    }
}
