using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Declarations;

/// <summary>
/// Where each package of the project is declared. A direct package points at the element that sets its version: the
/// PackageReference, or with Central Package Management the PackageVersion in Directory.Packages.props, with the
/// PackageReference as a related location. A transitive package points at the PackageReference of the direct package
/// that brings it in (the others as related locations).
/// </summary>
/// <remarks>
/// Why the version-holding element is primary: it is the line a fix changes (bump, pin, replace), it is the one place a
/// centrally managed version lives (so the alerts of several projects land on one line and GitHub code scanning shows
/// them once), and in the IDE's error list it opens the file to edit. The reference stays one click away as a related
/// location, which code scanning links from the message.
/// </remarks>
internal sealed class PackageLocations
{
    /// <summary>A package pulled in by many direct ones names a few: enough to act on, not a wall of links.</summary>
    private const int MaxRelated = 5;

    private static readonly HashSet<string> ItemNames = new(StringComparer.Ordinal) { "PackageReference", "GlobalPackageReference", "PackageVersion" };

    private readonly CheckContext _context;
    private readonly string _projectFile;
    private readonly Dictionary<string, DeclaredElement> _references = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DeclaredElement> _versions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PackageReport> _bySubject;
    private readonly Dictionary<string, SortedSet<string>> _directParents;
    /// <summary>Every framework some package is resolved for: more than one in a multi-targeted project.</summary>
    private readonly List<string> _frameworks;

    public PackageLocations(CheckContext context, string projectFile, IReadOnlyList<PackageReport> packages)
    {
        _context = context;
        _projectFile = projectFile;
        _bySubject = packages.GroupBy(Subject, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _directParents = DirectParents(packages);
        _frameworks = packages.SelectMany(p => p.TargetFrameworks).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(f => f, StringComparer.Ordinal).ToList();

        // The project first: its own reference wins over one inherited from Directory.Build.props/targets.
        var directory = Path.GetDirectoryName(projectFile)!;
        var files = new[] { projectFile }
            .Concat(new[] { "Directory.Packages.props", "Directory.Build.props", "Directory.Build.targets" }.Select(name => MsBuildXml.FindUp(directory, name)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var file in files)
        {
            Index(MsBuildXml.Items(file, ItemNames, shared: !string.Equals(file, projectFile, StringComparison.Ordinal)));
        }
    }

    /// <summary>
    /// Where <paramref name="subject"/> ("Id@Version") is declared; the project file (no line) when nothing says. In a
    /// multi-targeted project a package that only some frameworks resolve says which: the check runs once per project.
    /// </summary>
    public FindingLocation For(string subject)
    {
        var location = Locate(subject);
        if (!_bySubject.TryGetValue(subject, out var package) || package.TargetFrameworks.Count == 0
            || package.TargetFrameworks.Count >= _frameworks.Count)
        {
            return location;
        }

        var missing = _frameworks.Where(f => !package.TargetFrameworks.Contains(f, StringComparer.OrdinalIgnoreCase));
        var only = $"Resolved only for {string.Join(", ", package.TargetFrameworks)} (not {string.Join(", ", missing)}).";
        return location with { Note = location.Note is { Length: > 0 } note ? note + " " + only : only };
    }

    private FindingLocation Locate(string subject)
    {
        if (!_bySubject.TryGetValue(subject, out var package))
        {
            return Project();
        }

        if (package.Direct)
        {
            // Declared in a file this does not read (an explicit <Import>, a NuGet-delivered .props): the project file.
            return DirectLocation(package.Id) ?? Project();
        }

        if (!_directParents.TryGetValue(subject, out var parents) || parents.Count == 0)
        {
            return Project() with { Note = $"{subject} is a transitive dependency; no direct package that brings it in was found in the restore graph." };
        }

        // Plain loops, no tuples through LINQ: each value-type instantiation is JIT-compiled in every CLI run.
        FindingLocation? primary = null;
        var related = new List<FindingLocation>();
        foreach (var parent in parents)
        {
            if (ReferenceOf(_bySubject[parent].Id) is not { } element)
            {
                continue;
            }

            if (primary is null)
            {
                primary = At(element) with { Note = $"{parent} brings in {subject}." };
            }
            else if (related.Count < MaxRelated)
            {
                related.Add(At(element) with { Note = $"{parent} also brings in {subject}." });
            }
        }

        if (primary is null)
        {
            return Project() with { Note = $"{subject} is brought in by {string.Join(", ", parents)}." };
        }

        return related.Count == 0 ? primary : primary with { Related = related };
    }

    /// <summary>Where the project declares the package <paramref name="id"/> (a reference restore could not resolve has no version to look up).</summary>
    public FindingLocation ForId(string id) => DirectLocation(id) ?? Project();

    private FindingLocation? DirectLocation(string id)
    {
        var reference = ReferenceOf(id);
        _versions.TryGetValue(id, out var version);
        if (reference is null)
        {
            return version is null ? null : At(version) with { Note = $"The version of {id} is set here." };
        }

        var setsOwnVersion = reference.Name == "GlobalPackageReference" || reference.Metadata("Version") is not null || reference.Metadata("VersionOverride") is not null;
        if (setsOwnVersion || version is null)
        {
            return At(reference);
        }

        return At(version) with
        {
            Note = $"The version of {id} is set here by Central Package Management.",
            Related = [At(reference) with { Note = $"{id} is referenced here." }],
        };
    }

    private DeclaredElement? ReferenceOf(string id) => _references.TryGetValue(id, out var element) ? element : null;

    private void Index(IReadOnlyList<DeclaredElement> elements)
    {
        // Include declares; Update only changes an existing reference, so it counts when nothing includes the id.
        foreach (var element in elements.OrderBy(e => e.Attribute("Include") is null ? 1 : 0))
        {
            var target = element.Name == "PackageVersion" ? _versions : _references;
            foreach (var id in element.ItemSpecs("Include").Concat(element.ItemSpecs("Update")))
            {
                target.TryAdd(id, element);
            }
        }
    }

    private FindingLocation At(DeclaredElement element) => new(_context.DisplayPath(element.File), element.Line, element.Column);

    private FindingLocation Project() => new(_context.DisplayPath(_projectFile));

    /// <summary>For every package, the direct packages whose dependency closure reaches it (walked once per direct package).</summary>
    private static Dictionary<string, SortedSet<string>> DirectParents(IReadOnlyList<PackageReport> packages)
    {
        var edges = packages.GroupBy(Subject, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Dependencies, StringComparer.OrdinalIgnoreCase);
        var parents = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var direct in packages.Where(p => p.Direct).Select(Subject))
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { direct };
            var pending = new Stack<string>();
            pending.Push(direct);
            while (pending.Count > 0)
            {
                if (!edges.TryGetValue(pending.Pop(), out var dependencies))
                {
                    continue;
                }

                foreach (var dependency in dependencies.Where(seen.Add))
                {
                    if (!parents.TryGetValue(dependency, out var set))
                    {
                        parents[dependency] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                    }

                    set.Add(direct);
                    pending.Push(dependency);
                }
            }
        }

        return parents;
    }

    private static string Subject(PackageReport package) => $"{package.Id}@{package.Version}";
}
