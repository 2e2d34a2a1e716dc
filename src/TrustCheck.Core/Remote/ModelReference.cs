namespace TrustCheck.Core.Remote;

/// <summary>Which local store a reference resolves in.</summary>
public enum ModelStoreKind
{
    Ollama,
    HuggingFace,
}

/// <summary>
/// A remote model named the way the tools name it: <c>ollama:NAME[:TAG]</c>, <c>ollama:HOST/NAMESPACE/NAME:TAG</c>,
/// <c>hf:ORG/NAME[@REVISION]</c>, or a bare <c>ollama:</c> / <c>hf:</c> for the whole store. Every part is validated
/// before it becomes a path, so a reference can never name anything outside its store.
/// </summary>
public sealed record ModelReference
{
    public const string OllamaPrefix = "ollama:";
    public const string HuggingFacePrefix = "hf:";
    public const string OllamaDefaultHost = "registry.ollama.ai";
    public const string OllamaDefaultNamespace = "library";
    public const string OllamaDefaultTag = "latest";
    public const string HuggingFaceDefaultRevision = "main";

    /// <summary>No name in the store is longer; anything longer is hostile or a mistake.</summary>
    private const int MaxLength = 512;

    private ModelReference(ModelStoreKind kind, string host, string @namespace, string name, string version)
    {
        Kind = kind;
        Host = host;
        Namespace = @namespace;
        Name = name;
        Version = version;
    }

    public ModelStoreKind Kind { get; }

    /// <summary>Ollama registry host (e.g. registry.ollama.ai, hf.co); empty for Hugging Face.</summary>
    public string Host { get; }

    /// <summary>Ollama namespace (library, a user) or the Hugging Face organisation.</summary>
    public string Namespace { get; }

    /// <summary>Model name; empty for a whole-store reference.</summary>
    public string Name { get; }

    /// <summary>Ollama tag or Hugging Face revision (branch, tag or commit; may contain '/', e.g. refs/pr/1).</summary>
    public string Version { get; }

    /// <summary>A bare <c>ollama:</c> or <c>hf:</c>: every model in the store.</summary>
    public bool IsWholeStore => Name.Length == 0;

    /// <summary>The one spelling used in reports, findings and the lock: defaults left out where the tools leave them out.</summary>
    public string Canonical => Kind switch
    {
        _ when IsWholeStore => Kind == ModelStoreKind.Ollama ? OllamaPrefix : HuggingFacePrefix,
        ModelStoreKind.Ollama when Host == OllamaDefaultHost && Namespace == OllamaDefaultNamespace => $"{OllamaPrefix}{Name}:{Version}",
        ModelStoreKind.Ollama when Host == OllamaDefaultHost => $"{OllamaPrefix}{Namespace}/{Name}:{Version}",
        ModelStoreKind.Ollama => $"{OllamaPrefix}{Host}/{Namespace}/{Name}:{Version}",
        _ when Version == HuggingFaceDefaultRevision => $"{HuggingFacePrefix}{Namespace}/{Name}",
        _ => $"{HuggingFacePrefix}{Namespace}/{Name}@{Version}",
    };

    /// <summary>The name without the version: what code passes to a client (<c>llama3.1</c>, <c>Qwen/Qwen2.5-0.5B</c>).</summary>
    public string ModelName => Kind == ModelStoreKind.HuggingFace ? $"{Namespace}/{Name}" : Canonical[OllamaPrefix.Length..].Split(':')[0];

    public override string ToString() => Canonical;

    /// <summary>True when <paramref name="text"/> is meant as a reference (starts with <c>ollama:</c> or <c>hf:</c>), valid or not.</summary>
    public static bool LooksLikeReference(string? text) =>
        text is not null && (text.StartsWith(OllamaPrefix, StringComparison.OrdinalIgnoreCase) || text.StartsWith(HuggingFacePrefix, StringComparison.OrdinalIgnoreCase));

    public static ModelReference WholeStore(ModelStoreKind kind) => new(kind, "", "", "", "");

    /// <summary>Parses a reference; on failure <paramref name="error"/> says what is wrong in one sentence.</summary>
    public static bool TryParse(string? text, out ModelReference? reference, out string? error)
    {
        reference = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || !LooksLikeReference(text))
        {
            error = "a model reference starts with 'ollama:' or 'hf:'";
            return false;
        }

        text = text.Trim();
        if (text.Length > MaxLength)
        {
            error = $"a model reference is at most {MaxLength} characters";
            return false;
        }

        return text.StartsWith(OllamaPrefix, StringComparison.OrdinalIgnoreCase)
            ? TryParseOllama(text[OllamaPrefix.Length..], out reference, out error)
            : TryParseHuggingFace(text[HuggingFacePrefix.Length..], out reference, out error);
    }

    /// <summary>Parses or throws <see cref="FormatException"/> with the reason.</summary>
    public static ModelReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference! : throw new FormatException($"'{text}' is not a valid model reference: {error}.");

    private static bool TryParseOllama(string rest, out ModelReference? reference, out string? error)
    {
        reference = null;
        if (rest.Length == 0)
        {
            reference = WholeStore(ModelStoreKind.Ollama);
            error = null;
            return true;
        }

        if (rest.Contains('@'))
        {
            error = "pin an Ollama model by its tag; digests ('@sha256:…') are not looked up in the local store";
            return false;
        }

        var parts = rest.Split('/');
        var last = parts[^1];
        var colon = last.IndexOf(':');
        var name = colon < 0 ? last : last[..colon];
        var tag = colon < 0 ? OllamaDefaultTag : last[(colon + 1)..];
        var (host, ns) = parts.Length switch
        {
            1 => (OllamaDefaultHost, OllamaDefaultNamespace),
            2 => (OllamaDefaultHost, parts[0]),
            3 => (parts[0], parts[1]),
            _ => ("", ""),
        };
        if (host.Length == 0)
        {
            error = "an Ollama reference is NAME[:TAG], NAMESPACE/NAME[:TAG] or HOST/NAMESPACE/NAME[:TAG]";
            return false;
        }

        if (!ValidSegment(host, "host", out error) || !ValidSegment(ns, "namespace", out error)
            || !ValidSegment(name, "name", out error) || !ValidSegment(tag, "tag", out error))
        {
            return false;
        }

        reference = new ModelReference(ModelStoreKind.Ollama, host.ToLowerInvariant(), ns, name, tag);
        return true;
    }

    private static bool TryParseHuggingFace(string rest, out ModelReference? reference, out string? error)
    {
        reference = null;
        if (rest.Length == 0)
        {
            reference = WholeStore(ModelStoreKind.HuggingFace);
            error = null;
            return true;
        }

        var at = rest.IndexOf('@');
        var id = at < 0 ? rest : rest[..at];
        var revision = at < 0 ? HuggingFaceDefaultRevision : rest[(at + 1)..];
        var parts = id.Split('/');
        if (parts.Length != 2)
        {
            error = "a Hugging Face reference is ORG/NAME[@REVISION]";
            return false;
        }

        if (!ValidSegment(parts[0], "organisation", out error) || !ValidSegment(parts[1], "name", out error))
        {
            return false;
        }

        // Branch names may hold '/' (refs/pr/1); each part is checked like any other path segment.
        foreach (var segment in revision.Split('/'))
        {
            if (!ValidSegment(segment, "revision", out error))
            {
                return false;
            }
        }

        reference = new ModelReference(ModelStoreKind.HuggingFace, "", parts[0], parts[1], revision);
        return true;
    }

    /// <summary>
    /// One path segment: letters, digits, '.', '_', '-' only (what both registries allow), not '.' or '..', not starting
    /// with '.' or '-'. That rules out separators, encoded separators ('%2F'), drive letters ('C:'), absolute paths and
    /// traversal in one check.
    /// </summary>
    private static bool ValidSegment(string segment, string what, out string? error)
    {
        error = null;
        if (segment.Length == 0)
        {
            error = $"the {what} is empty";
            return false;
        }

        if (segment.Length > 128)
        {
            error = $"the {what} is longer than 128 characters";
            return false;
        }

        if (segment is "." or ".." || segment[0] is '.' or '-')
        {
            error = $"the {what} '{segment}' would leave the store (it starts with '.' or '-')";
            return false;
        }

        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                error = $"the {what} '{segment}' contains '{c}'; only letters, digits, '.', '_' and '-' are allowed";
                return false;
            }
        }

        return true;
    }
}
