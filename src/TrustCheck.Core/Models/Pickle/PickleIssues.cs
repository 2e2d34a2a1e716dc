using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>Turns what the walker saw into findings: one TC3010 per distinct unsafe global, one per nested pickle, one TC3013 for problems.</summary>
internal static class PickleIssues
{
    private const string Fix =
        "Loading it with pickle, joblib or torch.load(weights_only=False) runs that code. Convert the model to safetensors " +
        "(or ONNX/GGUF) from a trusted source, or if you have reviewed this file, suppress TC3010 for it in trustcheck.json.";

    public static IReadOnlyList<ModelIssue> Build(
        IReadOnlyList<PickleGlobal> globals, IReadOnlyList<string> problems, IReadOnlyList<NestedPickle> nested, string? location, bool inTorchScriptArchive = false)
    {
        var where = string.IsNullOrEmpty(location) ? "pickle" : location;
        var safeList = SafePickleGlobals.Default;
        var issues = new List<ModelIssue>();

        foreach (var global in globals.GroupBy(g => g.FullName, StringComparer.Ordinal).Select(g => g.First()))
        {
            var grade = safeList.Grade(global, inTorchScriptArchive);
            if (grade == PickleGlobalGrade.Safe)
            {
                continue;
            }

            issues.Add(new ModelIssue(
                RuleIds.ModelUnsafePickle,
                $"{where}: {Describe(global, safeList)} (offset {global.Offset}), which is not on the safe-globals list. {Fix}",
                Data(location, ("global", global.FullName), ("opcode", OpcodeName(global.Kind))),
                grade == PickleGlobalGrade.LowRisk ? RuleSeverity.Warning : null));
        }

        foreach (var inner in nested)
        {
            var unsafeInner = inner.Globals.Where(g => !safeList.IsSafe(g)).Select(g => g.FullName).Distinct().ToList();
            var imports = unsafeInner.Count > 0 ? "which imports " + string.Join(", ", unsafeInner) : "with no unsafe imports";
            issues.Add(new ModelIssue(
                RuleIds.ModelUnsafePickle,
                $"{where}: a data value at offset {inner.Offset} holds an embedded pickle ({inner.Encoding.ToString().ToLowerInvariant()}) {imports}. " +
                "Loading this file does not run it, but code that unpickles that value would. Remove the embedded pickle or store the data as plain bytes/JSON.",
                Data(location, ("nestedPickle", inner.Encoding.ToString().ToLowerInvariant()), ("globals", string.Join(",", unsafeInner))),
                RuleSeverity.Warning));
        }

        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? $" (and {problems.Count - 1} more problem(s))" : string.Empty;
            issues.Add(new ModelIssue(
                RuleIds.ModelMalformed,
                $"{where}: the pickle stream could not be fully inspected: {problems[0]}{more}. Imports found before that point are still reported; " +
                "re-export the file, or treat it as untrusted.",
                Data(location, ("problem", problems[0]))));
        }

        return issues;
    }

    private static string Describe(PickleGlobal global, SafePickleGlobals safeList)
    {
        if (!global.Resolved)
        {
            return global.Kind == PickleImportKind.Extension
                ? $"imports a global through the copyreg extension registry ({global.Name}), which cannot be resolved without running the loader"
                : $"imports a global whose name is computed at load time (STACK_GLOBAL on {global.Module} / {global.Name}), a known scanner-evasion trick";
        }

        var reason = safeList.DangerReason(global);
        return reason is null
            ? $"imports {global.FullName}"
            : $"imports {global.FullName}, a known dangerous global ({reason})";
    }

    private static string OpcodeName(PickleImportKind kind) => kind switch
    {
        PickleImportKind.Global => "GLOBAL",
        PickleImportKind.Inst => "INST",
        PickleImportKind.StackGlobal => "STACK_GLOBAL",
        _ => "EXT",
    };

    private static Dictionary<string, string> Data(string? location, params (string Key, string Value)[] entries)
    {
        var data = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(location))
        {
            data["location"] = location;
        }

        return data;
    }
}
