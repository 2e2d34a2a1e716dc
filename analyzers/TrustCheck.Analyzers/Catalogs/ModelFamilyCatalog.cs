using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>A model family and the license its weights ship under.</summary>
internal sealed class ModelFamily
{
    public ModelFamily(string pattern, string licenseId, string licenseName, string expression, ImmutableArray<string> restrictions)
    {
        Pattern = pattern;
        LicenseId = licenseId;
        LicenseName = licenseName;
        Expression = expression;
        Restrictions = restrictions;
    }

    /// <summary>The name pattern that matched ("*llama-3.1*").</summary>
    public string Pattern { get; }
    /// <summary>The AI license catalog id ("llama3.1").</summary>
    public string LicenseId { get; }
    public string LicenseName { get; }
    /// <summary>SPDX id or LicenseRef-… ("LicenseRef-llama3.1").</summary>
    public string Expression { get; }
    public ImmutableArray<string> Restrictions { get; }
}

/// <summary>
/// Model name → family → license, from the engine's own data files (Data/model-families.json and
/// Data/ai-licenses.json in TrustCheck.Core, embedded here unchanged): one table for the CLI, the task and the analyzers.
/// </summary>
internal static class ModelFamilyCatalog
{
    private static readonly string[] HubPrefixes = { "https://huggingface.co/", "https://hf.co/", "huggingface.co/", "hf.co/" };
    private static readonly Lazy<ImmutableArray<(string License, ImmutableArray<string> Patterns)>> Families = new(LoadFamilies);
    private static readonly Lazy<ImmutableDictionary<string, (string Name, string Expression, ImmutableArray<string> Restrictions)>> Licenses = new(LoadLicenses);

    /// <summary>
    /// The family of a hub repo ("meta-llama/Llama-3.1-8B"), Ollama name ("llama3.1:8b") or file name
    /// ("Llama-3.2-1B.Q4_K_M.gguf"): the first row whose glob matches the lower-cased name; null when none does.
    /// </summary>
    public static ModelFamily? Find(string modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName) || modelName.Length > 512)
        {
            return null;
        }

        var name = modelName.Trim().ToLowerInvariant();
        foreach (var prefix in HubPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        foreach (var (license, patterns) in Families.Value)
        {
            foreach (var pattern in patterns)
            {
                if (Glob.IsMatch(pattern, name))
                {
                    return Licenses.Value.TryGetValue(license, out var known)
                        ? new ModelFamily(pattern, license, known.Name, known.Expression, known.Restrictions)
                        : new ModelFamily(pattern, license, license, license, ImmutableArray<string>.Empty);
                }
            }
        }

        return null;
    }

    private static ImmutableArray<(string, ImmutableArray<string>)> LoadFamilies() =>
        Rows(MiniJson.Parse(EmbeddedData.ReadText("model-families.json")), "families")
            .Select(row => (Text(row, "license"), Strings(row, "patterns").Select(p => p.ToLowerInvariant()).ToImmutableArray()))
            .ToImmutableArray();

    private static ImmutableDictionary<string, (string, string, ImmutableArray<string>)> LoadLicenses()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, (string, string, ImmutableArray<string>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Rows(MiniJson.Parse(EmbeddedData.ReadText("ai-licenses.json")), "licenses"))
        {
            builder[Text(row, "id")] = (Text(row, "name"), Text(row, "expression"), Strings(row, "restrictions").ToImmutableArray());
        }

        return builder.ToImmutable();
    }

    private static IEnumerable<Dictionary<string, object?>> Rows(object? document, string property) =>
        document is Dictionary<string, object?> root && root.TryGetValue(property, out var rows) && rows is List<object?> list
            ? list.OfType<Dictionary<string, object?>>()
            : Enumerable.Empty<Dictionary<string, object?>>();

    private static string Text(Dictionary<string, object?> row, string property) =>
        row.TryGetValue(property, out var value) && value is string text ? text : "";

    private static IEnumerable<string> Strings(Dictionary<string, object?> row, string property) =>
        row.TryGetValue(property, out var value) && value is List<object?> list ? list.OfType<string>() : Enumerable.Empty<string>();
}

/// <summary>Whole-string globs where '*' is any run of characters (the engine's pattern language).</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string text) => IsMatch(pattern, 0, text, 0);

    private static bool IsMatch(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == '*')
            {
                // Collapse runs of '*', then try every split point.
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return true;
                }

                for (var i = t; i <= text.Length; i++)
                {
                    if (IsMatch(pattern, p, text, i))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (t >= text.Length || pattern[p] != text[t])
            {
                return false;
            }

            p++;
            t++;
        }

        return t == text.Length;
    }
}
