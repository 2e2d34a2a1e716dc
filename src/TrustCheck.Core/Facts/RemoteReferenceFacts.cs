using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Remote;
using TrustCheck.Facts;

namespace TrustCheck.Core.Facts;

/// <summary>The remote models the analyzers know: locked references (with their reviewed license) and declared ones.</summary>
internal static class RemoteReferenceFacts
{
    public static IEnumerable<AnalyzerReferenceFact> Collect(IEnumerable<string> declared, TrustCheckLock? lockFile, TrustCheckPolicy policy)
    {
        var facts = new SortedDictionary<string, AnalyzerReferenceFact>(StringComparer.Ordinal);
        foreach (var locked in lockFile?.References ?? [])
        {
            if (!ModelReference.TryParse(locked.Reference, out var reference, out _) || reference!.IsWholeStore)
            {
                continue;
            }

            var license = locked.License ?? "";
            var catalog = license.Length == 0 ? null : AiLicenseCatalog.Find(license) ?? AiLicenseCatalog.All.FirstOrDefault(l => l.Expression == license);
            facts[reference.Canonical] = new AnalyzerReferenceFact
            {
                Reference = reference.Canonical,
                State = AnalyzerModelFact.Locked,
                Name = CodeName(reference),
                Revision = locked.Revision,
                License = license,
                Restrictions = catalog?.Restrictions.ToList() ?? [],
                Openness = AnalyzerFactsWriter.Openness(catalog),
                Policy = AnalyzerFactsWriter.PolicyVerdict(license, policy),
                LicenseKind = locked.LicenseKind ?? "",
            };
        }

        foreach (var text in declared)
        {
            if (ModelReference.TryParse(text, out var reference, out _) && !reference!.IsWholeStore && !facts.ContainsKey(reference.Canonical))
            {
                facts[reference.Canonical] = new AnalyzerReferenceFact { Reference = reference.Canonical, State = AnalyzerModelFact.Declared, Name = CodeName(reference) };
            }
        }

        return facts.Values;
    }

    /// <summary>How code names the model: Ollama <c>name:tag</c> (with host/namespace when not the library), Hugging Face <c>org/name</c>.</summary>
    private static string CodeName(ModelReference reference) => reference.Kind == ModelStoreKind.Ollama
        ? reference.Canonical[ModelReference.OllamaPrefix.Length..]
        : $"{reference.Namespace}/{reference.Name}";
}
