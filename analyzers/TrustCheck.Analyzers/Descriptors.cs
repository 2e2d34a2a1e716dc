using Microsoft.CodeAnalysis;
using TrustCheck.Rules;

namespace TrustCheck.Analyzers;

/// <summary>The analyzer rules (rules.md, TC4001–TC4005); titles match the engine's RuleCatalog.</summary>
internal static class Descriptors
{
    private const string Category = "Code";

    public static readonly DiagnosticDescriptor UndeclaredModel = Create(
        RuleIds.CodeLoadsUndeclaredModel,
        "Code loads a model file that is not declared or locked",
        "The model file '{0}' is loaded here but is not declared or locked for this project{1}: add it as <TrustCheckModel Include=\"…\" /> and run 'trustcheck lock' so its hash and license are checked",
        "A model loaded from a path that the build does not know is never hashed, license-checked or scanned for unsafe content.");

    /// <summary>TC4001 for a remote model: a constant Ollama model name that no TrustCheckModelReference item declares and the lock does not record.</summary>
    public static readonly DiagnosticDescriptor UndeclaredRemoteModel = Create(
        RuleIds.CodeLoadsUndeclaredModel,
        "Code loads a model file that is not declared or locked",
        "The model '{0}' is pulled into the {1} at run time but is not declared or locked for this project: add <TrustCheckModelReference Include=\"{2}\" /> and run 'trustcheck lock' so its digest, files and license are checked",
        "A model the app takes from the Ollama store or the Hugging Face cache is a dependency like a model file: undeclared, its bytes and license are never checked.");

    public static readonly DiagnosticDescriptor UnpinnedDownload = Create(
        RuleIds.CodeDownloadsUnpinnedModel,
        "Code downloads a model at run time from an unpinned URL or hub name",
        "'{0}' is downloaded at run time without a pin ({1}), so a different model can arrive tomorrow: {2}",
        "A branch, tag or plain URL can start serving other weights at any time; pin downloads to a commit or verify a digest.");

    public static readonly DiagnosticDescriptor PickleLoad = Create(
        RuleIds.CodeDeserializesPickle,
        "Code deserializes pickle-based weights at run time",
        "'{0}' is deserialized with pickle at run time ({1}); a crafted file runs arbitrary code when it is loaded: {2}",
        "Pickle-based weights (.pt, .pth, .bin, .ckpt, .pkl) can execute code on load; safetensors, ONNX and GGUF cannot.");

    public static readonly DiagnosticDescriptor RestrictedLicense = Create(
        RuleIds.CodeUsesRestrictedModel,
        "Code uses a model whose license is restricted or denied",
        "The model '{0}' is under {1}, which {2}{3}: review its terms, choose a model with a permissive license, or record a policy override in trustcheck.json",
        "Open-weights licenses (Llama, Gemma, RAIL, CC-BY-NC …) restrict use; the policy may deny them outright.");

    public static readonly DiagnosticDescriptor FactsFileMissing = Create(
        RuleIds.FactsFileMissing,
        "TrustCheck facts file is missing or unreadable: build the project once",
        "The TrustCheck facts file ({0}) is missing or unreadable, so model loads in this project are not checked against its declared and locked models: build the project once (dotnet build) to write it",
        "The build writes obj/…/trustcheck.facts.txt and passes it to the analyzers; without it TC4001 and TC4004 cannot tell declared models from others.",
        DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description,
            helpLinkUri: RuleIds.HelpLink(id));
}
