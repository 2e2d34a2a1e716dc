using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.ChatTemplates;

/// <summary>
/// Static inspection of Jinja chat templates (GGUF <c>tokenizer.chat_template</c>, tokenizer_config.json, YAML configs,
/// standalone .jinja files). Never renders anything: it tokenizes the template into text and code blocks, decodes string
/// escapes and concatenations inside code, and flags constructs that reach Python internals (TC3012, from
/// Data/chat-template-unsafe.json). Unbalanced delimiters or block tags are a syntax error (TC3013).
/// </summary>
public static class ChatTemplateInspector
{
    /// <summary>Templates are inspected up to this many characters (real ones are a few KB; the rest is reported as not inspected).</summary>
    public const int MaxTemplateChars = 4 * 1024 * 1024;

    /// <summary>Template files (JSON/YAML/Jinja) are read up to this size.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    private const string StandardKey = "chat_template";
    private static readonly Lazy<Rules> UnsafeRules = new(LoadRules);
    private static readonly Regex Dunder = new(@"__[A-Za-z][A-Za-z0-9_]*?__", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex BlockTag = new(@"^\s*-?\s*([A-Za-z_]+)", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, string> BlockEnds = new(StringComparer.Ordinal)
    {
        ["for"] = "endfor", ["if"] = "endif", ["macro"] = "endmacro", ["call"] = "endcall", ["filter"] = "endfilter",
        ["raw"] = "endraw", ["block"] = "endblock", ["generation"] = "endgeneration", ["with"] = "endwith",
    };

    /// <summary>
    /// The unsafe constructs a template uses ("__globals__ (reaches a function's module globals …)"), in order of
    /// appearance, each once. Empty for a clean template.
    /// </summary>
    public static IReadOnlyList<string> FindUnsafeConstructs(string template)
    {
        var found = new List<string>();
        var code = CodeOf(template.Length > MaxTemplateChars ? template[..MaxTemplateChars] : template);
        foreach (Match match in Dunder.Matches(code))
        {
            var description = UnsafeRules.Value.Dunders.TryGetValue(match.Value, out var what) ? what : "a Python dunder attribute";
            AddOnce(found, $"{match.Value} ({description})");
        }

        foreach (var (regex, what) in UnsafeRules.Value.Patterns)
        {
            if (regex.IsMatch(code))
            {
                AddOnce(found, what);
            }
        }

        return found;
    }

    /// <summary>A description of the first syntax error (unclosed delimiter, unbalanced block tag), or null.</summary>
    public static string? FindSyntaxError(string template)
    {
        var open = new Stack<(string Tag, int Offset)>();
        foreach (var segment in Segments(template))
        {
            if (segment.Kind == SegmentKind.Unclosed)
            {
                return $"'{segment.Text}' opened at offset {segment.Offset} is never closed";
            }

            if (segment.Kind != SegmentKind.Statement)
            {
                continue;
            }

            var tag = BlockTag.Match(segment.Text) is { Success: true } m ? m.Groups[1].Value : "";
            if (tag == "set" && !segment.Text.Contains('='))
            {
                open.Push(("set", segment.Offset)); // block set: {% set x %}…{% endset %}
            }
            else if (BlockEnds.ContainsKey(tag))
            {
                open.Push((tag, segment.Offset));
            }
            else if (tag.StartsWith("end", StringComparison.Ordinal))
            {
                var opener = tag[3..];
                if (open.Count == 0 || open.Peek().Tag != opener)
                {
                    return $"'{{% {tag} %}}' at offset {segment.Offset} does not close an open '{opener}' block";
                }

                open.Pop();
            }
        }

        return open.Count > 0 ? $"'{{% {open.Peek().Tag} %}}' at offset {open.Peek().Offset} is never closed" : null;
    }

    /// <summary>
    /// Issues for one template: TC3012 (error, or warning when the template sits under a key loaders do not render)
    /// naming the constructs, TC3013 for a syntax error in a template loaders do render.
    /// </summary>
    public static IReadOnlyList<ModelIssue> Inspect(string template, string path, string where, bool renderedByLoaders = true)
    {
        var issues = new List<ModelIssue>();
        var constructs = FindUnsafeConstructs(template);
        if (constructs.Count > 0)
        {
            var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["template"] = where, ["constructs"] = string.Join("; ", constructs) };
            var message = renderedByLoaders
                ? $"{path}: the chat template in {where} reaches Python internals: {string.Join("; ", constructs)}. Rendering it outside a sandbox (e.g. llama-cpp-python before 0.2.72, CVE-2024-34359) runs arbitrary code; replace the template with the publisher's original or remove it."
                : $"{path}: {where} holds a Jinja template that reaches Python internals: {string.Join("; ", constructs)}. Standard loaders do not render this key, but a tool that does would run code; remove it.";
            issues.Add(new ModelIssue(RuleIds.ModelEmbedsCode, message, data, renderedByLoaders ? null : RuleSeverity.Warning));
        }

        if (renderedByLoaders && FindSyntaxError(template) is { } error)
        {
            issues.Add(new ModelIssue(
                RuleIds.ModelMalformed,
                $"{path}: the chat template in {where} is not valid Jinja: {error}. Loaders will fail to render it; fix or replace the template."));
        }

        if (template.Length > MaxTemplateChars)
        {
            issues.Add(new ModelIssue(RuleIds.ModelMalformed, $"{path}: the chat template in {where} is {template.Length} characters; only the first {MaxTemplateChars} were inspected."));
        }

        return issues;
    }

    /// <summary>True for files that hold chat templates by name: tokenizer_config.json, chat_template.json/.jinja, *.jinja, *.j2, *.jinja2, *.template.</summary>
    public static bool IsChatTemplateFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name is "tokenizer_config.json" or "chat_template.json" or "chat_template.jinja"
            || name.EndsWith(".jinja", StringComparison.Ordinal) || name.EndsWith(".j2", StringComparison.Ordinal)
            || name.EndsWith(".jinja2", StringComparison.Ordinal) || name.EndsWith(".template", StringComparison.Ordinal);
    }

    /// <summary>
    /// <see cref="IsChatTemplateFile(string)"/>, or a JSON/YAML file (any name) whose first MB mentions <c>chat_template</c>
    /// (a renamed tokenizer config, a serving config). Reads at most 1 MB.
    /// </summary>
    public static bool IsChatTemplateFile(Stream stream, string path)
    {
        if (IsChatTemplateFile(path))
        {
            return true;
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".yaml" or ".yml") || stream.Length > MaxFileBytes)
        {
            return false;
        }

        var head = Binary.StreamBytes.ReadAt(stream, 0, 1024 * 1024);
        return head.AsSpan().IndexOf("chat_template"u8) >= 0;
    }

    /// <summary>
    /// Inspects a template-bearing file by content: JSON (tokenizer_config.json: <c>chat_template</c> as a string or a
    /// list of {name, template}; other template-like strings at warning), YAML (the <c>chat_template</c> key; other keys
    /// at warning), anything else as a standalone Jinja template. Never throws.
    /// </summary>
    public static IReadOnlyList<ModelIssue> InspectFile(Stream stream, string path)
    {
        try
        {
            if (stream.Length > MaxFileBytes)
            {
                return [new ModelIssue(RuleIds.ModelMalformed, $"{path}: {stream.Length} bytes is over the {MaxFileBytes}-byte limit for template files; its chat template was not inspected.")];
            }

            stream.Position = 0;
            var bytes = new byte[stream.Length];
            Binary.StreamBytes.ReadUpTo(stream, bytes);
            var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
            var trimmed = text.TrimStart();
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (trimmed.StartsWith('{') && !trimmed.StartsWith("{{", StringComparison.Ordinal) && !trimmed.StartsWith("{%", StringComparison.Ordinal)
                && !trimmed.StartsWith("{#", StringComparison.Ordinal) && extension is not (".jinja" or ".j2" or ".jinja2"))
            {
                return InspectJson(text, path);
            }

            return extension is ".yaml" or ".yml" ? InspectYaml(text, path) : Inspect(text, path, "the template file");
        }
        catch (IOException ex)
        {
            return [new ModelIssue(RuleIds.ModelMalformed, $"{path}: could not be read: {ex.Message}.")];
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports invalid string escapes (lone surrogates) only when the string is read
            return [new ModelIssue(RuleIds.ModelMalformed, $"{path}: holds an invalid JSON string ({ex.Message}); its chat template could not be inspected.")];
        }
    }

    private static IReadOnlyList<ModelIssue> InspectJson(string text, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return [new ModelIssue(RuleIds.ModelMalformed, $"{path}: not valid JSON ({ex.Message}); its chat template could not be inspected.")];
        }

        using (document)
        {
            var issues = new List<ModelIssue>();
            Walk(document.RootElement, "", 0);
            return issues;

            void Walk(JsonElement element, string jsonPath, int depth)
            {
                if (depth > 16)
                {
                    return;
                }

                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject())
                        {
                            var childPath = jsonPath.Length == 0 ? property.Name : jsonPath + "." + property.Name;
                            if (property.Name == StandardKey && depth == 0)
                            {
                                InspectStandard(property.Value, childPath);
                            }
                            else
                            {
                                Walk(property.Value, childPath, depth + 1);
                            }
                        }

                        break;
                    case JsonValueKind.Array:
                        var index = 0;
                        foreach (var item in element.EnumerateArray())
                        {
                            Walk(item, $"{jsonPath}[{index++}]", depth + 1);
                        }

                        break;
                    case JsonValueKind.String:
                        var value = element.GetString()!;
                        if (LooksLikeTemplate(value))
                        {
                            issues.AddRange(Inspect(value, path, $"JSON key '{jsonPath}'", renderedByLoaders: false));
                        }

                        break;
                }
            }

            void InspectStandard(JsonElement value, string jsonPath)
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    issues.AddRange(Inspect(value.GetString()!, path, $"JSON key '{jsonPath}'"));
                }
                else if (value.ValueKind == JsonValueKind.Array)
                {
                    // transformers: [{"name": "default", "template": "…"}, {"name": "tool_use", …}]
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("template", out var template) && template.ValueKind == JsonValueKind.String)
                        {
                            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : index.ToString(CultureInfo.InvariantCulture);
                            issues.AddRange(Inspect(template.GetString()!, path, $"JSON key '{jsonPath}' ({name})"));
                        }

                        index++;
                    }
                }
            }
        }
    }

    /// <summary>YAML: split into top-level keys (the value's text, quoting and folding left in: code scanning does not need them).</summary>
    private static IReadOnlyList<ModelIssue> InspectYaml(string text, string path)
    {
        var issues = new List<ModelIssue>();
        foreach (var (key, value) in ModelCard.YamlSubset.TopLevelRawValues(text))
        {
            if (key == StandardKey)
            {
                issues.AddRange(Inspect(value, path, $"YAML key '{key}'", renderedByLoaders: true));
            }
            else if (LooksLikeTemplate(value))
            {
                issues.AddRange(Inspect(value, path, $"YAML key '{key}'", renderedByLoaders: false));
            }
        }

        return issues;
    }

    private static bool LooksLikeTemplate(string value) => value.Contains("{{", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal);

    /// <summary>
    /// The code inside {{ }} and {% %} blocks. String literals are data: a prompt that mentions "eval(" or "os.system"
    /// is text, not a call, so each literal becomes "" — unless, with its escapes decoded and concatenated pieces
    /// joined, it spells a name holding a dunder ('__class__', '__cla' ~ 'ss__'), which only attribute access needs.
    /// </summary>
    private static string CodeOf(string template)
    {
        var code = new StringBuilder();
        foreach (var segment in Segments(template))
        {
            if (segment.Kind is SegmentKind.Expression or SegmentKind.Statement or SegmentKind.Unclosed)
            {
                code.Append(WithoutDataLiterals(segment.Text)).Append('\n');
            }
        }

        return code.ToString();
    }

    internal static string WithoutDataLiterals(string code)
    {
        var output = new StringBuilder(code.Length);
        var i = 0;
        while (i < code.Length)
        {
            if (code[i] is not ('\'' or '"'))
            {
                output.Append(code[i++]);
                continue;
            }

            // A literal, and any literals joined to it with + or ~ ('__cla' ~ 'ss__').
            var joined = new StringBuilder();
            var end = ReadLiteral(code, i, joined);
            while (end > 0)
            {
                var op = SkipSpaces(code, end);
                var next = op < code.Length && code[op] is '+' or '~' ? SkipSpaces(code, op + 1) : -1;
                if (next < 0 || next >= code.Length || code[next] is not ('\'' or '"'))
                {
                    break;
                }

                end = ReadLiteral(code, next, joined);
            }

            if (end < 0)
            {
                output.Append(DecodeEscapes(code[i..])); // unclosed: keep it all as code, the safe side
                break;
            }

            var text = joined.ToString();
            output.Append(IsDunderName(text) ? " " + text + " " : "\"\"");
            i = end;
        }

        return output.ToString();
    }

    /// <summary>Appends the decoded content of the literal opening at <paramref name="start"/>; the index after it, or -1 when unclosed.</summary>
    private static int ReadLiteral(string code, int start, StringBuilder content)
    {
        var quote = code[start];
        var raw = new StringBuilder();
        for (var i = start + 1; i < code.Length; i++)
        {
            if (code[i] == '\\' && i + 1 < code.Length)
            {
                if (code[i + 1] == quote || code[i + 1] == '\\')
                {
                    raw.Append(code[i + 1]);
                    i++;
                    continue;
                }

                raw.Append(code[i]);
                continue;
            }

            if (code[i] == quote)
            {
                content.Append(DecodeEscapes(raw.ToString()));
                return i + 1;
            }

            raw.Append(code[i]);
        }

        return -1;
    }

    private static int SkipSpaces(string code, int i)
    {
        while (i < code.Length && char.IsWhiteSpace(code[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>An identifier-like string (letters, digits, '_', '.') holding a dunder: an attribute name, not prose.</summary>
    private static bool IsDunderName(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && Dunder.IsMatch(trimmed) && trimmed.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');
    }

    /// <summary>Decodes \xNN, \uNNNN, \UNNNNNNNN and octal \NNN escapes (Jinja string literals use Python's).</summary>
    private static string DecodeEscapes(string text)
    {
        if (!text.Contains('\\'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                var digits = next switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
                if (digits > 0 && i + 2 + digits <= text.Length
                    && int.TryParse(text.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) && code is >= 0 and < 0x110000)
                {
                    result.Append(char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
                    i += 1 + digits;
                    continue;
                }

                if (next is >= '0' and <= '7' && i + 4 <= text.Length && IsOctal(text.AsSpan(i + 1, 3)))
                {
                    result.Append((char)Convert.ToInt32(text.Substring(i + 1, 3), 8));
                    i += 3;
                    continue;
                }
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> s) => s.Length == 3 && s[0] is >= '0' and <= '3' && s[1] is >= '0' and <= '7' && s[2] is >= '0' and <= '7';

    private static void AddOnce(List<string> list, string item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    private enum SegmentKind
    {
        Text,
        Expression,
        Statement,
        Comment,
        Unclosed,
    }

    private readonly record struct Segment(SegmentKind Kind, string Text, int Offset);

    /// <summary>Splits a template into text, {{ expression }}, {% statement %} and {# comment #} segments.</summary>
    private static IEnumerable<Segment> Segments(string template)
    {
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            while (open >= 0 && (open + 1 >= template.Length || template[open + 1] is not ('{' or '%' or '#')))
            {
                open = template.IndexOf('{', open + 1);
            }

            if (open < 0)
            {
                yield break;
            }

            var (kind, closer) = template[open + 1] switch
            {
                '{' => (SegmentKind.Expression, "}}"),
                '%' => (SegmentKind.Statement, "%}"),
                _ => (SegmentKind.Comment, "#}"),
            };
            var close = template.IndexOf(closer, open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                yield return new Segment(SegmentKind.Unclosed, template.Substring(open, Math.Min(2, template.Length - open)), open);
                yield return new Segment(SegmentKind.Expression, template[(open + 2)..], open);
                yield break;
            }

            var body = template[(open + 2)..close].Trim('-', '+');
            if (kind == SegmentKind.Statement && BlockTag.Match(body) is { Success: true } tag && tag.Groups[1].Value == "raw")
            {
                // {% raw %} … {% endraw %}: the content is literal text, not code
                var end = template.IndexOf("endraw", close, StringComparison.Ordinal);
                yield return new Segment(kind, body, open);
                if (end < 0)
                {
                    yield break;
                }

                var endOpen = template.LastIndexOf("{%", end, StringComparison.Ordinal);
                position = endOpen >= close ? endOpen : end;
                continue;
            }

            yield return new Segment(kind, body, open);
            position = close + 2;
        }
    }

    private sealed record Rules(IReadOnlyDictionary<string, string> Dunders, IReadOnlyList<(Regex Regex, string What)> Patterns);

    private static Rules LoadRules()
    {
        using var stream = typeof(ChatTemplateInspector).Assembly.GetManifestResourceStream("TrustCheck.Data.chat-template-unsafe.json")
            ?? throw new InvalidOperationException("Embedded resource TrustCheck.Data.chat-template-unsafe.json is missing.");
        using var document = JsonDocument.Parse(stream);
        var dunders = document.RootElement.GetProperty("dunders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var patterns = document.RootElement.GetProperty("patterns").EnumerateArray()
            .Select(p => (new Regex(p.GetProperty("regex").GetString()!, RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), p.GetProperty("what").GetString()!))
            .ToList();
        return new Rules(dunders, patterns);
    }
}
