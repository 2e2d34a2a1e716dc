using System;
using TrustCheck.Analyzers.Facts;
using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// Model names that select a model from a local store (Ollama names, Hugging Face ids) against the project's declared and
/// locked remote references: the locked license (read from the model's real license text) replaces the family guess for
/// TC4004, and a constant Ollama name that is neither declared nor locked is TC4001.
/// </summary>
internal static class RemoteReferenceCheck
{
    private const string OllamaDefaultPrefix = "registry.ollama.ai/library/";

    /// <summary>True when the name was judged here (the family guess is then not needed).</summary>
    public static bool Check(CallSite site, string name, ProjectFacts? facts, DiagnosticSink sink)
    {
        if (facts is null)
        {
            return false; // No facts file: TrustCheck's build integration is not there to declare anything.
        }

        var ollama = IsOllamaApi(site);
        var match = Find(facts, name.Trim(), ollama);
        if (match is null)
        {
            if (ollama && Canonical(name.Trim()) is { } canonical)
            {
                sink.Report(Descriptors.UndeclaredRemoteModel, site.Location, name, "Ollama store", "ollama:" + canonical);
            }

            return false;
        }

        if (match.License.Length == 0)
        {
            return false; // Declared but not locked yet: only the family can hint at the license.
        }

        var denied = match.Policy == "denied" || facts.IsDenied(match.License);
        if (denied || match.Restrictions.Count > 0)
        {
            var verdict = denied ? "the project's policy denies" : "restricts use: " + string.Join(", ", match.Restrictions);
            var from = match.LicenseKind.Length > 0 ? $"{match.LicenseKind} of {match.Reference}" : match.Reference;
            sink.Report(Descriptors.RestrictedLicense, site.Location, name, match.License, verdict, $" (license recorded in trustcheck.lock.json from the {from})");
        }

        return true;
    }

    private static AnalyzerReferenceFact? Find(ProjectFacts facts, string name, bool ollama)
    {
        var canonical = ollama ? Canonical(name) : null;
        foreach (var reference in facts.References)
        {
            var isOllama = reference.Reference.StartsWith("ollama:", StringComparison.Ordinal);
            if (isOllama && canonical is not null && string.Equals(reference.Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                return reference;
            }

            if (!isOllama && string.Equals(reference.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>An Ollama name as the store files it: default registry/library left out, tag 'latest' when none; null when not a plain name.</summary>
    private static string? Canonical(string name)
    {
        if (name.Length == 0 || name.IndexOf('@') >= 0 || name.IndexOf(' ') >= 0 || name.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        if (name.StartsWith(OllamaDefaultPrefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(OllamaDefaultPrefix.Length);
        }

        var slash = name.LastIndexOf('/');
        return name.IndexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }

    /// <summary>Ollama clients (OllamaSharp, the Semantic Kernel and Microsoft.Extensions.AI Ollama connectors) pull from the local store.</summary>
    private static bool IsOllamaApi(CallSite site) => site.Api.TypeName.IndexOf("Ollama", StringComparison.Ordinal) >= 0;
}
