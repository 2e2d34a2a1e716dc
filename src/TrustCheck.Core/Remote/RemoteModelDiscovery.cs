using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Remote;

/// <summary>
/// Turns the run's model references into model units read from the local stores. An invalid reference is a TC3013 error
/// (it never becomes a path); a reference this machine's store lacks falls back to the lock's recorded facts.
/// </summary>
internal static class RemoteModelDiscovery
{
    /// <summary>The units to inspect, and the references not in the store (reported from the lock, or as missing, after the stage).</summary>
    public static (List<ModelUnit> Units, List<ModelReference> Missing) Discover(CheckContext context, HashCache hashes)
    {
        var units = new List<ModelUnit>();
        var missing = new List<ModelReference>();
        var environment = context.Options.Environment ?? ModelStoreLocations.ProcessEnvironment;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var online = new List<(ModelReference, string, string)>();
        foreach (var reference in Expand(context, environment))
        {
            if (!seen.Add(reference.Canonical))
            {
                continue;
            }

            var store = StoreFor(context, reference.Kind, environment);
            StoreLookup lookup;
            try
            {
                lookup = reference.Kind == ModelStoreKind.Ollama ? OllamaStore.Resolve(store, reference, hashes) : HuggingFaceCache.Resolve(store, reference);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lookup = StoreLookup.Corrupt($"the store could not be read ({ex.Message.Split('\n')[0].Trim()}).", store);
            }

            if (lookup.Model is { } model)
            {
                units.Add(new ModelUnit(model.Path, model.IsFolder, model.Files, KeepUnknown: true) { Store = model });
            }
            else if (lookup.Broken is { } broken)
            {
                ReportProblem(context, reference, broken);
            }
            else if (!context.Options.Offline && reference.Kind == ModelStoreKind.HuggingFace)
            {
                // Online: the hub's API can still pin it (commit, file hashes, card license) without the weights.
                missing.Add(reference);
                online.Add((reference, store, lookup.Missing!));
            }
            else
            {
                missing.Add(reference);
                MissingReferences.Report(context, reference, store, lookup.Missing!);
            }
        }

        HubReferences.Resolve(context, online, environment);
        return (units, missing);
    }

    /// <summary>The policy's models.ollamaStore / models.huggingFaceCache when set, else where the tools look.</summary>
    private static string StoreFor(CheckContext context, ModelStoreKind kind, Func<string, string?> environment)
    {
        var configured = kind == ModelStoreKind.Ollama ? context.Policy.Models.OllamaStore : context.Policy.Models.HuggingFaceCache;
        return configured is null
            ? ModelStoreLocations.For(kind, environment)
            : Path.GetFullPath(context.Policy.ResolvePath(configured), context.WorkingDirectory);
    }

    public static void ReportProblem(CheckContext context, ModelReference reference, StoreProblem problem)
    {
        var location = problem.Path is null ? new FindingLocation(reference.Canonical) : new FindingLocation(context.DisplayPath(problem.Path));
        context.Findings.Add(RuleIds.ModelStoreIntegrity, reference.Canonical,
            $"{reference.Canonical}: {problem.Message} The app would load unverified or incomplete weights. {StoreFix.For(reference)}",
            location, new Dictionary<string, string> { ["reference"] = reference.Canonical });
    }

    /// <summary>Parsed references; a bare ollama:/hf: becomes every model in that store. Invalid ones are reported and dropped.</summary>
    private static IEnumerable<ModelReference> Expand(CheckContext context, Func<string, string?> environment)
    {
        foreach (var text in context.Options.ModelReferences.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            if (!ModelReference.TryParse(text, out var reference, out var error))
            {
                context.Findings.Add(RuleIds.ModelMalformed, text.Trim(),
                    $"'{text.Trim()}' is not a valid model reference: {error}. It was not looked up; use ollama:NAME[:TAG], ollama:HOST/NAMESPACE/NAME:TAG or hf:ORG/NAME[@REVISION].",
                    new FindingLocation(text.Trim()), null, Rules.RuleSeverity.Error);
                continue;
            }

            if (!reference!.IsWholeStore)
            {
                yield return reference;
                continue;
            }

            var store = StoreFor(context, reference.Kind, environment);
            foreach (var listed in reference.Kind == ModelStoreKind.Ollama ? OllamaStore.List(store) : HuggingFaceCache.List(store))
            {
                yield return listed;
            }
        }
    }
}
