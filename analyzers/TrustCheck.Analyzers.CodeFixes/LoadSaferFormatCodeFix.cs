using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TrustCheck.Rules;

namespace TrustCheck.Analyzers.CodeFixes;

/// <summary>TC4003: load the declared .safetensors/.onnx sibling instead of the pickle (and load_py → load_safetensors).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoadSaferFormatCodeFix)), Shared]
public sealed class LoadSaferFormatCodeFix : LiteralReplacementCodeFix
{
    protected override string RuleId => RuleIds.CodeDeserializesPickle;
}
