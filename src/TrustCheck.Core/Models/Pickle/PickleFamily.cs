using TrustCheck.Core.Models.Pickle;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>What every pickle-family reader (pickle, pytorch, numpy object arrays, joblib) reports the same way.</summary>
internal static class PickleFamily
{
    public static void AddFormatNotice(ModelInspection inspection, string path, string what) =>
        inspection.AddIssue(
            RuleIds.ModelPickleFormat,
            $"{path}: {what} is pickle-based: loading it with pickle, joblib or torch.load(weights_only=False) can run code, " +
            "so it is only as safe as the scan above says. Prefer safetensors, ONNX or GGUF for weights you ship.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = inspection.Format });

    public static void AddScan(ModelInspection inspection, PickleScanResult result) => inspection.Issues.AddRange(result.Issues);

    public static void AddUninspectable(ModelInspection inspection, string path, string why) =>
        inspection.AddIssue(
            RuleIds.ModelMalformed,
            $"{path}: {why}. Its content could not be inspected, so it is not known to be safe; re-export it in a readable form or treat it as untrusted.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["problem"] = why });
}
