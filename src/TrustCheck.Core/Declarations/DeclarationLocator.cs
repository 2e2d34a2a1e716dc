using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Declarations;

/// <summary>
/// Points findings at the MSBuild line that declares their subject, after both stages ran: package findings at the
/// PackageReference/PackageVersion (they were raised against the project file), model findings keep their file and gain
/// the declaring item as a related location. Done in one place so every front door (JSON, text, SARIF, MSBuild) gets it.
/// </summary>
internal static class DeclarationLocator
{
    public static IReadOnlyList<Finding> Attach(CheckContext context, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0 || ProjectFile(context) is not { } projectFile)
        {
            return findings;
        }

        // Package findings are raised against the project (file or folder, no line); those are the ones to make precise.
        var projectPlaces = new HashSet<string>(StringComparer.Ordinal) { context.DisplayPath(projectFile), context.DisplayPath(Path.GetDirectoryName(projectFile)!) };
        var packageSubjects = context.Packages.Select(p => $"{p.Id}@{p.Version}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var models = context.Models.GroupBy(m => m.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        PackageLocations? packageLocations = null;
        ModelLocations? modelLocations = null;
        var modelDeclarations = new Dictionary<string, FindingLocation?>(StringComparer.Ordinal);
        ReferenceLocations? referenceLocations = null;

        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (Remote.ModelReference.LooksLikeReference(finding.Subject))
            {
                referenceLocations ??= new ReferenceLocations(context, projectFile);
                result.Add(referenceLocations.Attach(finding));
            }
            else if (packageSubjects.Contains(finding.Subject) && (finding.Location is null || finding.Location.Line is null && projectPlaces.Contains(finding.Location.Path)))
            {
                packageLocations ??= new PackageLocations(context, projectFile, context.Packages);
                result.Add(finding with { Location = packageLocations.For(finding.Subject) });
            }
            else if (finding.RuleId == TrustCheck.Rules.RuleIds.RestoreFailed && finding.Data?.GetValueOrDefault("package") is { } unresolved)
            {
                // A package that did not resolve has no version in the graph: its declaration is found by id.
                packageLocations ??= new PackageLocations(context, projectFile, context.Packages);
                result.Add(finding with { Location = packageLocations.ForId(unresolved) });
            }
            else if (models.TryGetValue(finding.Subject, out var model))
            {
                if (!modelDeclarations.TryGetValue(model.Path, out var declaration))
                {
                    modelLocations ??= new ModelLocations(context, projectFile);
                    modelDeclarations[model.Path] = declaration = modelLocations.For(model);
                }

                result.Add(declaration is null ? finding : finding with { Location = WithRelated(finding.Location ?? new FindingLocation(model.Path), declaration) });
            }
            else
            {
                result.Add(finding);
            }
        }

        return result;
    }

    private static FindingLocation WithRelated(FindingLocation location, FindingLocation related) =>
        location with { Related = [.. location.Related ?? [], related] };

    /// <summary>The project file the check ran on; a folder resolves to its single project file.</summary>
    public static string? ProjectFile(CheckContext context)
    {
        if (context.Options.ProjectPath is not { } path)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        if (!Directory.Exists(full))
        {
            return null;
        }

        var projects = Directory.GetFiles(full, "*.*proj").Where(f => f.EndsWith("proj", StringComparison.OrdinalIgnoreCase)).ToList();
        return projects.Count == 1 ? projects[0] : null;
    }
}
