using System.Text.Json;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Facts;

/// <summary>
/// Default severities of the analyzer rules in test projects (Data/test-project-severities.json). They reach the
/// analyzers through the facts file, below the policy's own "rules" (which win), so the analyzers stay free of file I/O.
/// </summary>
public static class TestProjectSeverities
{
    private static readonly Lazy<IReadOnlyDictionary<string, RuleSeverity>> Defaults = new(Load);

    /// <summary>Rule id → severity for a project with IsTestProject=true.</summary>
    public static IReadOnlyDictionary<string, RuleSeverity> All => Defaults.Value;

    private static IReadOnlyDictionary<string, RuleSeverity> Load()
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("test-project-severities.json"));
        var rules = new Dictionary<string, RuleSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in document.RootElement.GetProperty("rules").EnumerateObject())
        {
            if (!RuleSeverityNames.TryParse(rule.Value.GetString(), out var severity))
            {
                throw new InvalidDataException($"test-project-severities.json: '{rule.Value}' for {rule.Name} is not a severity.");
            }

            rules[rule.Name] = severity;
        }

        return rules;
    }
}
