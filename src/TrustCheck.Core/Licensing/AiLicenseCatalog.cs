namespace TrustCheck.Core.Licensing;

/// <summary>One entry of the AI license catalog (data file Data/ai-licenses.json).</summary>
/// <param name="Id">Catalog key as found in the wild (HF id, SPDX id, GGUF value), lower case.</param>
/// <param name="Expression">SPDX id or LicenseRef-….</param>
/// <param name="Restrictions">acceptable-use-policy, non-commercial, field-of-use, mau-threshold, attribution-naming, no-derivatives, research-only …</param>
/// <param name="MeetsOsaid">Whether weights under this license meet the Open Source AI Definition.</param>
public sealed record AiLicense(
    string Id,
    string Name,
    string Expression,
    string Family,
    bool OsiApproved,
    IReadOnlyList<string> Restrictions,
    bool MeetsOsaid);

/// <summary>License ids as found in model metadata and cards → what they mean for users.</summary>
public static class AiLicenseCatalog
{
    /// <summary>Looks up an id or name (case-insensitive; HF ids, SPDX ids, common spellings).</summary>
    public static AiLicense? Find(string idOrName)
    {
        // Filled in by the licensing work.
        return null;
    }

    /// <summary>The license of a model family from a hub / Ollama model name (e.g. "llama3.1:8b" → Llama 3.1 Community License).</summary>
    public static AiLicense? FindByModelName(string modelName)
    {
        // Filled in by the licensing work.
        return null;
    }
}
