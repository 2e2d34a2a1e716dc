using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it: one run; the whole rule catalog as the driver's rules (short and full
/// description, help URI, default level; the whole docs page as help for the rules with results); one result per
/// finding with its level, message, location (the declaring line for packages, the file for models), related locations
/// linked from the message, and a partial fingerprint that survives reruns and lines moving. Written with <see cref="Utf8JsonWriter"/>: deterministic
/// for a given report and working directory, no reflection.
/// </summary>
public static class SarifReportWriter
{
    public const string FingerprintKey = "trustcheck/v1";
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string InformationUri = "https://github.com/trustcheck/trustcheck";
    /// <summary>Relative paths in the report are relative to the working directory, which this base id names.</summary>
    private const string SourceRoot = "%SRCROOT%";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="baseDirectory">What relative paths are relative to (default: the current directory), recorded as <c>%SRCROOT%</c>.</param>
    /// <param name="baseline">
    /// `trustcheck diff`: each result's <c>baselineState</c> (new, updated, unchanged) and the base's findings that are
    /// gone, written as <c>absent</c> results, so code scanning shows what the change introduced and what it fixed.
    /// </param>
    public static string Serialize(Report report, string? baseDirectory = null, SarifBaseline? baseline = null)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(json, report, Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()), baseline);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, Report report, string baseDirectory, SarifBaseline? baseline)
    {
        var ruleIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < RuleCatalog.All.Count; i++)
        {
            ruleIndex[RuleCatalog.All[i].Id] = i;
        }

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", report.Tool.Name);
        json.WriteString("version", report.Tool.Version);
        json.WriteString("semanticVersion", report.Tool.Version);
        json.WriteString("informationUri", InformationUri);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var finding in report.Findings.Concat(baseline?.Absent ?? []))
        {
            reported.Add(finding.RuleId);
        }

        json.WriteStartArray("rules");
        foreach (var rule in Rules.Value)
        {
            WriteRule(json, rule, withHelpPage: reported.Contains(rule.Rule.Id));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        // The report exists, so the run completed; error findings are results, not a failed execution.
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteNumber("exitCode", report.HasErrors ? 1 : 0);
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRoot);
        json.WriteString("uri", DirectoryUri(baseDirectory));
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            var state = baseline?.States.GetValueOrDefault(finding);
            WriteResult(json, finding, ruleIndex.TryGetValue(finding.RuleId, out var index) ? index : null, report.Project, state);
        }

        foreach (var finding in baseline?.Absent ?? [])
        {
            WriteResult(json, finding, ruleIndex.TryGetValue(finding.RuleId, out var index) ? index : null, report.Project, "absent");
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A rule's texts as SARIF shows them, rendered once per process: the pages do not change while it runs.</summary>
    private sealed record RuleTexts(RuleDescriptor Rule, string Name, string? DescriptionMarkdown, string HelpText, Lazy<string?> HelpMarkdown);

    private static readonly Lazy<RuleTexts[]> Rules = new(() => RuleCatalog.All
        .Select(rule => new RuleTexts(rule, PascalCase(rule.Title),
            RuleDocs.DescriptionMarkdown(rule.Id) is { } description ? AbsoluteLinks(description) : null,
            $"{rule.Description} See {rule.HelpLink}",
            new Lazy<string?>(() => RuleDocs.Page(rule.Id) is { } page ? AbsoluteLinks(page) : null)))
        .ToArray());

    private static void WriteRule(Utf8JsonWriter json, RuleTexts texts, bool withHelpPage)
    {
        var rule = texts.Rule;
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", texts.Name);
        WriteMessage(json, "shortDescription", rule.Title);
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.Description);
        if (texts.DescriptionMarkdown is { } descriptionMarkdown)
        {
            json.WriteString("markdown", descriptionMarkdown);
        }

        json.WriteEndObject();
        json.WriteString("helpUri", rule.HelpLink);
        // Code scanning shows help.markdown on every alert: the whole page (what, why, how to fix, how to suppress).
        // Only for the rules this run reports: the other pages would be ~150 KB nobody sees, and most of the writing time.
        json.WriteStartObject("help");
        json.WriteString("text", texts.HelpText);
        if (withHelpPage && texts.HelpMarkdown.Value is { } page)
        {
            json.WriteString("markdown", page);
        }

        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity.ToName()));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category);
        json.WriteStringValue("supply-chain");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, ReportFinding finding, int? ruleIndex, ProjectInfo? project, string? baselineState)
    {
        // Code scanning needs a file for every alert: a finding about no file in particular (a failed stage) sits on the project.
        var location = finding.Location
            ?? (LooksLikePath(finding.Subject) ? new ReportLocation(finding.Subject, null) : null)
            ?? (finding.Data?.GetValueOrDefault("project") is { } own ? new ReportLocation(own, null) : null)
            ?? (project is null ? null : new ReportLocation(project.Path, null));
        var related = location?.Related ?? [];

        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        if (ruleIndex is { } index)
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", Level(finding.Severity));
        WriteMessage(json, "message", MessageWithLinks(finding.Message, related));
        if (location is not null)
        {
            json.WriteStartArray("locations");
            WriteLocation(json, location, id: null);
            json.WriteEndArray();
        }

        if (related.Count > 0)
        {
            json.WriteStartArray("relatedLocations");
            for (var i = 0; i < related.Count; i++)
            {
                WriteLocation(json, related[i], id: i + 1);
            }

            json.WriteEndArray();
        }

        if (baselineState is not null)
        {
            json.WriteString("baselineState", baselineState);
        }

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding));
        json.WriteEndObject();

        json.WriteStartObject("properties");
        json.WriteString("subject", finding.Subject);
        if (finding.Data is not null)
        {
            foreach (var (key, value) in finding.Data)
            {
                if (key != "subject")
                {
                    json.WriteString(key, value);
                }
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, ReportLocation location, int? id)
    {
        json.WriteStartObject();
        if (id is { } value)
        {
            json.WriteNumber("id", value);
        }

        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        var rooted = Path.IsPathRooted(location.Path);
        json.WriteString("uri", ToUri(location.Path));
        if (!rooted)
        {
            json.WriteString("uriBaseId", SourceRoot);
        }

        json.WriteEndObject();
        if (location.Line is int line and > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            if (location.Column is int column and > 0)
            {
                json.WriteNumber("startColumn", column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (location.Note is { Length: > 0 } note)
        {
            WriteMessage(json, "message", note);
        }

        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>
    /// Code scanning shows a related location only when the message links to it ("[text](id)"), so each one is linked at
    /// the end. With links present, literal brackets in the message are escaped as SARIF §3.11.6 asks.
    /// </summary>
    private static string MessageWithLinks(string message, IReadOnlyList<ReportLocation> related)
    {
        if (related.Count == 0)
        {
            return message;
        }

        var text = new StringBuilder(message.Replace("[", "\\[").Replace("]", "\\]"));
        text.Append(" See ");
        for (var i = 0; i < related.Count; i++)
        {
            var label = related[i].Line is int line ? $"{related[i].Path}:{line}" : related[i].Path;
            text.Append(i == 0 ? "" : ", ").Append('[').Append(label.Replace("[", "\\[").Replace("]", "\\]")).Append("](").Append(i + 1).Append(')');
        }

        return text.Append('.').ToString();
    }

    /// <summary>The <c>trustcheck/v1</c> partial fingerprint: see <see cref="FindingFingerprint"/>.</summary>
    public static string Fingerprint(ReportFinding finding) => FindingFingerprint.Of(finding);

    /// <summary>SARIF has no "info": notes are the closest level.</summary>
    private static string Level(string severity) => severity switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };

    private static bool LooksLikePath(string subject) => subject.Contains('/') || subject.Contains('\\') || subject.Contains('.') && !subject.Contains('@');

    /// <summary>Relative paths stay relative (resolved against %SRCROOT%); absolute ones become file URIs.</summary>
    private static string ToUri(string path) =>
        Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string DirectoryUri(string directory)
    {
        var uri = new Uri(directory).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>The pages link each other relatively (TC3013.md); an alert view has no such base, so links become absolute.</summary>
    private static string AbsoluteLinks(string markdown)
    {
        var text = new StringBuilder(markdown.Length + 256);
        var at = 0;
        for (var open = markdown.IndexOf("](", StringComparison.Ordinal); open >= 0; open = markdown.IndexOf("](", at, StringComparison.Ordinal))
        {
            var target = open + 2;
            var close = markdown.IndexOf(')', target);
            text.Append(markdown, at, target - at);
            at = target;
            if (close < 0)
            {
                break;
            }

            var link = markdown[target..close];
            if (link.Length > 0 && !link.Contains(':') && !link.StartsWith('#') && !link.Any(char.IsWhiteSpace))
            {
                text.Append(new Uri(new Uri(TrustCheck.Rules.RuleIds.HelpLinkBase), link).AbsoluteUri);
                at = close;
            }
        }

        return text.Append(markdown, at, markdown.Length - at).ToString();
    }

    private static string PascalCase(string title) =>
        string.Concat(title.Split([' ', '-', ':', '.', ',', '/', '(', ')', '`'], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}

/// <summary>Baseline states for a SARIF log (SARIF 2.1.0 §3.27.24): per current finding, and the base's findings that are gone.</summary>
public sealed record SarifBaseline(IReadOnlyDictionary<ReportFinding, string> States, IReadOnlyList<ReportFinding> Absent);
