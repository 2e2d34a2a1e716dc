using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Models;

/// <summary>
/// A problem a reader found in a file: the TC rule it maps to, a message naming what was found, optional facts, and
/// optionally a severity that raises or lowers the rule's default for this case (e.g. a TC3010 nested pickle that only
/// runs if the application unpickles a data field is a warning, not an error); a policy override still wins.
/// </summary>
public sealed record ModelIssue(string RuleId, string Message, IReadOnlyDictionary<string, string>? Data = null, RuleSeverity? Severity = null)
{
    /// <summary>The severity this issue has before policy overrides: <see cref="Severity"/> or the rule's catalog default.</summary>
    public RuleSeverity DefaultSeverity => Severity ?? RuleCatalog.Get(RuleId).DefaultSeverity;
}

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

    public void AddIssue(string ruleId, string message, IReadOnlyDictionary<string, string>? data = null, RuleSeverity? severity = null) =>
        Issues.Add(new ModelIssue(ruleId, message, data, severity));

    /// <summary>Adds an issue with a severity hint (see <see cref="ModelIssue.Severity"/>).</summary>
    public void AddIssue(string ruleId, RuleSeverity severity, string message, IReadOnlyDictionary<string, string>? data = null) =>
        Issues.Add(new ModelIssue(ruleId, message, data, severity));
}
