using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Facts;

/// <summary>The facts file (AdditionalFiles) as the checks use it: declared models by path, license policy, severities.</summary>
internal sealed class ProjectFacts
{
    private readonly AnalyzerFacts _facts;
    private readonly string _projectDirectory;

    private ProjectFacts(AnalyzerFacts facts)
    {
        _facts = facts;
        _projectDirectory = ModelPath.Normalize(facts.ProjectDirectory).TrimEnd('/');
    }

    /// <summary>Null when the build wrote no facts file (TrustCheck not installed, or an older build).</summary>
    public static ProjectFacts? Load(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        foreach (var file in additionalFiles)
        {
            if (!string.Equals(ModelPath.FileName(file.Path), AnalyzerFactsFormat.FileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = file.GetText(cancellationToken);
            return text is null ? null : new ProjectFacts(AnalyzerFactsFormat.Parse(text.ToString()));
        }

        return null;
    }

    public static ProjectFacts? Load(AnalyzerOptions options, CancellationToken cancellationToken) =>
        Load(options.AdditionalFiles, cancellationToken);

    public ImmutableArray<AnalyzerModelFact> Models => _facts.Models.ToImmutableArray();

    /// <summary>
    /// The declared model a path in code refers to. Paths match when equal, when one ends with the other on a folder
    /// boundary (code often prefixes a base directory, or names just the file copied to the output folder), or when the
    /// code path is inside a declared folder. Letter case matters, as it does on Linux.
    /// </summary>
    public AnalyzerModelFact? FindDeclared(string codePath) => Find(codePath, StringComparison.Ordinal);

    /// <summary>A declared model that matches only when letter case is ignored (a load that fails on Linux).</summary>
    public AnalyzerModelFact? FindDeclaredIgnoringCase(string codePath) => Find(codePath, StringComparison.OrdinalIgnoreCase);

    private AnalyzerModelFact? Find(string codePath, StringComparison comparison)
    {
        var path = RelativeToProject(ModelPath.Normalize(codePath));
        if (path.Length == 0)
        {
            return null;
        }

        foreach (var model in _facts.Models)
        {
            var declared = ModelPath.Normalize(model.Path);
            if (string.Equals(path, declared, comparison)
                || ModelPath.EndsWithSegments(path, declared, comparison)
                || ModelPath.EndsWithSegments(declared, path, comparison)
                || path.StartsWith(declared + "/", comparison))
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>A declared, safe-format model in the same folder with the same name stem (x.pt → x.safetensors).</summary>
    public AnalyzerModelFact? FindSaferSibling(AnalyzerModelFact? declared, string codePath)
    {
        var reference = ModelPath.Normalize(declared?.Path ?? codePath);
        var stem = ModelPath.WithoutExtension(reference);
        return _facts.Models
            .Where(m => string.Equals(ModelPath.WithoutExtension(ModelPath.Normalize(m.Path)), stem, StringComparison.Ordinal)
                        || (declared is null && ModelPath.EndsWithSegments(ModelPath.WithoutExtension(ModelPath.Normalize(m.Path)), stem, StringComparison.Ordinal)))
            .Where(m => Catalogs.ModelFormatCatalog.ForPath(m.Path) is { IsSafe: true })
            .OrderBy(m => m.Path, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>A locked model whose source is the given hub repository (org/repo) and that records a commit.</summary>
    public AnalyzerModelFact? FindLockedHubRevision(string repository, string file)
    {
        AnalyzerModelFact? repositoryMatch = null;
        foreach (var model in _facts.Models)
        {
            if (!HubReference.IsCommit(model.Revision) || HubReference.RepositoryOf(model.Source) is not { } source
                || !string.Equals(source, repository, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (ModelPath.EndsWithSegments(ModelPath.Normalize(model.Path), file, StringComparison.Ordinal)
                || string.Equals(ModelPath.FileName(model.Path), ModelPath.FileName(file), StringComparison.Ordinal))
            {
                return model;
            }

            repositoryMatch ??= model;
        }

        if (repositoryMatch is null)
        {
            // A locked hf: reference pins the whole repository to its commit.
            foreach (var reference in _facts.References)
            {
                if (HubReference.IsCommit(reference.Revision) && string.Equals(reference.Reference, "hf:" + repository, StringComparison.OrdinalIgnoreCase))
                {
                    return new AnalyzerModelFact { Path = reference.Reference, State = reference.State, Source = reference.Reference, Revision = reference.Revision };
                }
            }
        }

        return repositoryMatch;
    }

    /// <summary>Remote models declared as TrustCheckModelReference items or locked in trustcheck.lock.json.</summary>
    public System.Collections.Generic.IReadOnlyList<AnalyzerReferenceFact> References => _facts.References;

    /// <summary>Denied by the policy's license lists (exact ids, '*' wildcards, case-insensitive).</summary>
    public bool IsDenied(string license)
    {
        if (license.Length == 0)
        {
            return false;
        }

        if (_facts.DeniedLicenses.Any(pattern => LicensePattern.Matches(pattern, license)))
        {
            return true;
        }

        return _facts.AllowedLicenses.Count > 0 && !_facts.AllowedLicenses.Any(pattern => LicensePattern.Matches(pattern, license));
    }

    /// <summary>The policy's severity for a rule: null = keep the default, <see cref="ReportDiagnostic.Suppress"/> = off.</summary>
    public ReportDiagnostic? SeverityOf(string ruleId)
    {
        if (!_facts.RuleSeverities.TryGetValue(ruleId, out var severity))
        {
            return null;
        }

        return severity.ToLowerInvariant() switch
        {
            "none" or "off" or "silent" => ReportDiagnostic.Suppress,
            "info" or "suggestion" => ReportDiagnostic.Info,
            "warning" => ReportDiagnostic.Warn,
            "error" => ReportDiagnostic.Error,
            _ => null,
        };
    }

    private string RelativeToProject(string path)
    {
        if (_projectDirectory.Length > 0 && path.StartsWith(_projectDirectory + "/", StringComparison.Ordinal))
        {
            return path.Substring(_projectDirectory.Length + 1);
        }

        return path;
    }
}
