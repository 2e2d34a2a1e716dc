using TrustCheck.Core.Remote;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Declarations;

/// <summary>
/// The &lt;TrustCheckModelReference&gt; item that declares a remote model, matched by canonical reference
/// (<c>ollama:llama3.1</c> declares <c>ollama:llama3.1:latest</c>). A finding about a store model then points at that line,
/// keeping the store file at fault (a blob) as a related location.
/// </summary>
internal sealed class ReferenceLocations
{
    private readonly Dictionary<string, FindingLocation> _byReference = new(StringComparer.Ordinal);

    public ReferenceLocations(CheckContext context, string projectFile)
    {
        foreach (var element in MsBuildXml.Items(projectFile, new HashSet<string>(StringComparer.Ordinal) { DeclaredReferences.ItemName }))
        {
            foreach (var spec in element.ItemSpecs("Include"))
            {
                if (ModelReference.TryParse(spec, out var reference, out _))
                {
                    _byReference.TryAdd(reference!.Canonical, new FindingLocation(context.DisplayPath(element.File), element.Line, element.Column)
                    {
                        Note = $"{reference.Canonical} is declared by this {element.Name} item.",
                    });
                }
            }
        }
    }

    public bool IsEmpty => _byReference.Count == 0;

    /// <summary>The finding pointed at the declaring item; a location in a store file stays as a related location.</summary>
    public Finding Attach(Finding finding)
    {
        if (!_byReference.TryGetValue(finding.Subject, out var declaration))
        {
            return finding;
        }

        return finding.Location is { } location && location.Path != finding.Subject
            ? finding with { Location = declaration with { Related = [location with { Note = null }] } }
            : finding with { Location = declaration };
    }
}
