using System.Text.Json;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>How a global is graded against the allow-list in Data/safe-pickle-globals.json.</summary>
public enum PickleGlobalGrade
{
    Safe,
    /// <summary>Not on the safe list, but cannot run code on its own: a warning-level TC3010.</summary>
    LowRisk,
    /// <summary>Not on the safe list: an error-level TC3010.</summary>
    Unsafe,
}

/// <summary>The allow-list of pickle globals (embedded data file). Anything not listed as safe is a finding.</summary>
public sealed class SafePickleGlobals
{
    private const string ResourceName = "TrustCheck.Data.safe-pickle-globals.json";

    private readonly Dictionary<string, string> _aliases;
    private readonly HashSet<string> _safe;
    private readonly HashSet<string> _lowRisk;
    private readonly HashSet<string> _lowRiskModules;
    private readonly HashSet<string> _torchScriptGlobals;
    private readonly string[] _torchScriptPrefixes;

    private SafePickleGlobals(JsonElement root)
    {
        _aliases = ReadMap(root, "aliases");
        _safe = ReadMap(root, "safe").Keys.ToHashSet(StringComparer.Ordinal);
        _lowRisk = ReadMap(root, "lowRisk").Keys.ToHashSet(StringComparer.Ordinal);
        _lowRiskModules = ReadMap(root, "lowRiskModules").Keys.ToHashSet(StringComparer.Ordinal);
        var torchScript = root.GetProperty("torchScriptArchive");
        _torchScriptGlobals = ReadMap(torchScript, "globals").Keys.ToHashSet(StringComparer.Ordinal);
        _torchScriptPrefixes = ReadMap(torchScript, "modulePrefixes").Keys.ToArray();
    }

    public static SafePickleGlobals Default { get; } = Load();

    public IReadOnlyCollection<string> SafeNames => _safe;

    public bool IsSafe(PickleGlobal global) => Grade(global) == PickleGlobalGrade.Safe;

    /// <param name="global">The import.</param>
    /// <param name="inTorchScriptArchive">The pickle is a member of a TorchScript archive, read by TorchScript's own unpickler.</param>
    public PickleGlobalGrade Grade(PickleGlobal global, bool inTorchScriptArchive = false)
    {
        if (!global.Resolved)
        {
            return PickleGlobalGrade.Unsafe;
        }

        var name = Canonical(global);
        if (_safe.Contains(name) || (inTorchScriptArchive && IsTorchScriptName(name)))
        {
            return PickleGlobalGrade.Safe;
        }

        if (_lowRisk.Contains(name))
        {
            return PickleGlobalGrade.LowRisk;
        }

        // A class the saving script defined itself (e.g. __main__.MyNet): no dotted attribute walk, class-like name.
        if (_lowRiskModules.Contains(global.Module) && global.Name.Length > 0 && char.IsUpper(global.Name[0]) &&
            global.Name.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            return PickleGlobalGrade.LowRisk;
        }

        return PickleGlobalGrade.Unsafe;
    }

    private bool IsTorchScriptName(string name) =>
        _torchScriptGlobals.Contains(name) || _torchScriptPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Why the global's module is a known gadget family ("runs shell commands"), or null when it is merely unknown.</summary>
    /// <remarks>The list is shared with the Keras config check (<see cref="DangerousModules"/>).</remarks>
    public string? DangerReason(PickleGlobal global) => DangerousModules.Reason(Canonical(global));

    /// <summary>"module.name" after Python 2 → 3 renames (__builtin__ → builtins), as fix_imports does.</summary>
    public string Canonical(PickleGlobal global) =>
        (_aliases.TryGetValue(global.Module, out var module) ? module : global.Module) + "." + global.Name;

    private static SafePickleGlobals Load()
    {
        using var stream = typeof(SafePickleGlobals).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(ResourceName + " is not embedded in TrustCheck.Core");
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return new SafePickleGlobals(document.RootElement);
    }

    private static Dictionary<string, string> ReadMap(JsonElement root, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(property, out var element))
        {
            foreach (var entry in element.EnumerateObject())
            {
                map[entry.Name] = entry.Value.GetString() ?? string.Empty;
            }
        }

        return map;
    }
}
