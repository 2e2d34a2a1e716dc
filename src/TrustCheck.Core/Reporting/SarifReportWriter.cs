using System.Text.Json;
using System.Text.Json.Nodes;
using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>SARIF 2.1.0 (code-scanning upload format): one run, the full rule catalog as the driver's rules, one result per finding.</summary>
public static class SarifReportWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string InformationUri = "https://github.com/trustcheck/trustcheck";

    public static string Serialize(Report report)
    {
        var ruleIndex = RuleCatalog.All.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var rules = new JsonArray(RuleCatalog.All.Select(RuleNode).ToArray<JsonNode?>());
        var results = new JsonArray(report.Findings.Select(f => ResultNode(f, ruleIndex[f.RuleId])).ToArray<JsonNode?>());

        var root = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = report.Tool.Name,
                        ["version"] = report.Tool.Version,
                        ["semanticVersion"] = report.Tool.Version,
                        ["informationUri"] = InformationUri,
                        ["rules"] = rules,
                    },
                },
                ["results"] = results,
            }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>SARIF has no "info": notes are the closest level.</summary>
    private static string Level(string severity) => severity switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };

    private static JsonObject RuleNode(RuleDescriptor rule) => new()
    {
        ["id"] = rule.Id,
        ["name"] = PascalCase(rule.Title),
        ["shortDescription"] = new JsonObject { ["text"] = rule.Title },
        ["helpUri"] = rule.HelpLink,
        ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.DefaultSeverity.ToName()) },
        ["properties"] = new JsonObject { ["category"] = rule.Category },
    };

    private static JsonObject ResultNode(ReportFinding finding, int index)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["ruleIndex"] = index,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
        };

        var path = finding.Location?.Path ?? (LooksLikePath(finding.Subject) ? finding.Subject : null);
        if (path is not null)
        {
            var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = ToUri(path) } };
            if (finding.Location?.Line is int line and > 0)
            {
                physical["region"] = new JsonObject { ["startLine"] = line };
            }

            result["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = physical });
        }

        var properties = new JsonObject { ["subject"] = finding.Subject };
        if (finding.Data is not null)
        {
            foreach (var (key, value) in finding.Data)
            {
                properties[key] = value;
            }
        }

        result["properties"] = properties;
        return result;
    }

    private static bool LooksLikePath(string subject) => subject.Contains('/') || subject.Contains('\\') || subject.Contains('.') && !subject.Contains('@');

    /// <summary>Relative paths stay relative (uriBaseId-free, as GitHub code scanning expects); absolute ones become file URIs.</summary>
    private static string ToUri(string path) =>
        Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string PascalCase(string title) =>
        string.Concat(title.Split([' ', '-', ':', '.', ',', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
