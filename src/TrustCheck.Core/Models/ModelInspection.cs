using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Models;

/// <summary>
/// A problem a reader found in a file: the TC rule it maps to, a message naming what was found, optional facts.
/// <paramref name="Severity"/> is a hint for content the rule's default severity overstates (e.g. code-like text in
/// safetensors metadata, which cannot execute: TC3012 at warning); null means the rule's (or the policy's) severity.
/// </summary>
public sealed record ModelIssue(string RuleId, string Message, IReadOnlyDictionary<string, string>? Data = null, RuleSeverity? Severity = null);

/// <summary>What one format reader learned from one file, read safely and with hard caps. Never the weights.</summary>
public sealed class ModelInspection
{
    public ModelInspection(string format)
    {
        Format = format;
    }

    /// <summary>One of the contract's format names: pickle, pytorch, numpy, joblib, safetensors, gguf, onnx, keras, hdf5, tflite, tensorflow-savedmodel, model-card, unknown.</summary>
    public string Format { get; set; }

    /// <summary>Raw string metadata read from the file (GGUF strings, ONNX metadata_props, safetensors __metadata__ …).</summary>
    public SortedDictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>License id as written in the file's metadata (before catalog mapping), and the key it came from (e.g. "gguf:general.license").</summary>
    public string? License { get; set; }
    public string? LicenseSource { get; set; }

    /// <summary>Source URL / revision declared by the file itself (e.g. GGUF general.source.url), if any.</summary>
    public string? SourceUrl { get; set; }

    /// <summary>Files the model loads at run time, relative to its folder (ONNX external data); they belong to the model.</summary>
    public List<string> ExternalFiles { get; } = new();

    public List<ModelIssue> Issues { get; } = new();

    public void AddIssue(string ruleId, string message, IReadOnlyDictionary<string, string>? data = null) =>
        Issues.Add(new ModelIssue(ruleId, message, data));

    /// <summary>Adds an issue with a severity hint (see <see cref="ModelIssue.Severity"/>).</summary>
    public void AddIssue(string ruleId, RuleSeverity severity, string message, IReadOnlyDictionary<string, string>? data = null) =>
        Issues.Add(new ModelIssue(ruleId, message, data, severity));
}
