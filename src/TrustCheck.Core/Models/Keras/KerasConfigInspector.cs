using System.Text.Json;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Keras;

/// <summary>
/// Inspects a Keras model config (Keras v3 config.json, or the legacy HDF5 <c>model_config</c> attribute): Lambda layers
/// and <c>__lambda__</c> functions carry Python code or marshalled bytecode (TC3012 error); an object or function from a
/// module that can run commands or code (Data/dangerous-modules.json, the list the pickle check uses) is a TC3012 error;
/// objects from other modules outside keras.* (Data/keras-safe-modules.json) need custom code to load (TC3012 warning).
/// </summary>
public static class KerasConfigInspector
{
    private const int MaxDepth = 256;
    private const int MaxReported = 50;
    private static readonly Lazy<(string[] Modules, HashSet<string> CodeClasses)> Lists = new(Load);

    public static void Inspect(JsonElement config, string path, string where, ModelInspection inspection)
    {
        var reported = 0;
        Walk(config, 0);

        void Walk(JsonElement element, int depth)
        {
            if (depth > MaxDepth || reported >= MaxReported)
            {
                return;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, depth + 1);
                }

                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var className = StringProperty(element, "class_name");
            if (className is not null && Lists.Value.CodeClasses.Contains(className))
            {
                reported++;
                var name = element.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? StringProperty(c, "name") : null;
                var function = FunctionText(element);
                inspection.AddIssue(
                    RuleIds.ModelEmbedsCode,
                    $"{path}: {where} has a {className} layer{(name is null ? "" : $" '{name}'")} whose Python code{(function is null ? "" : $" ({function})")} runs when the model is loaded or called. Load only with safe_mode and from a trusted author, or re-export the model without Lambda layers.",
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["class_name"] = className, ["layer"] = name ?? "" });
            }
            else if (StringProperty(element, "module") is { } module && className is not null)
            {
                var imported = ImportedName(element, className) is { } name ? module + "." + name : null;
                if (imported is not null && DangerousModules.Reason(imported) is { } danger)
                {
                    reported++;
                    inspection.AddIssue(
                        RuleIds.ModelEmbedsCode,
                        $"{path}: {where} names '{imported}' from a dangerous module ({danger}): loading the model imports it, just as the same global in a pickle would. Do not load this model; get it from its publisher or re-export it with Keras objects only.",
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["module"] = module, ["class_name"] = imported });
                }
                else if (!IsSafeModule(module))
                {
                    reported++;
                    var registered = StringProperty(element, "registered_name") ?? className;
                    inspection.AddIssue(
                        RuleIds.ModelEmbedsCode,
                        RuleSeverity.Warning,
                        $"{path}: {where} uses the custom object '{registered}' from module '{module}', which has to be imported (its Python code runs) to load the model. Make sure that module comes from a trusted, pinned package.",
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["module"] = module, ["class_name"] = registered });
                }
            }

            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, depth + 1);
            }
        }
    }

    /// <summary>
    /// What Keras imports from the module: the class, or for a named function (class_name "function", config "system")
    /// the function. A function whose config is an object is serialized code, which the Lambda check reports: null.
    /// </summary>
    private static string? ImportedName(JsonElement element, string className)
    {
        if (className != "function")
        {
            return className;
        }

        return element.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.String ? config.GetString() : null;
    }

    private static bool IsSafeModule(string module) =>
        Lists.Value.Modules.Any(safe => module == safe || module.StartsWith(safe + ".", StringComparison.Ordinal));

    private static string? FunctionText(JsonElement layer)
    {
        if (!layer.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object || !config.TryGetProperty("function", out var function))
        {
            return null;
        }

        var text = function.ValueKind switch
        {
            JsonValueKind.String => function.GetString(),
            JsonValueKind.Array when function.GetArrayLength() > 0 && function[0].ValueKind == JsonValueKind.String => "marshalled bytecode",
            JsonValueKind.Object => "serialized function " + (StringProperty(function, "class_name") ?? "object"),
            _ => null,
        };
        return text is { Length: > 120 } ? text[..120] + "…" : text;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (string[], HashSet<string>) Load()
    {
        using var stream = typeof(KerasConfigInspector).Assembly.GetManifestResourceStream("TrustCheck.Data.keras-safe-modules.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.keras-safe-modules.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return (
            document.RootElement.GetProperty("modules").EnumerateArray().Select(m => m.GetString()!).ToArray(),
            document.RootElement.GetProperty("codeClasses").EnumerateArray().Select(m => m.GetString()!).ToHashSet(StringComparer.Ordinal));
    }
}
