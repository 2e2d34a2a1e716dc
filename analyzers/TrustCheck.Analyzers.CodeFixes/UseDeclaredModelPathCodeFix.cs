using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TrustCheck.Rules;

namespace TrustCheck.Analyzers.CodeFixes;

/// <summary>TC4001: the path differs from a declared model only in letter case → use the declared spelling.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseDeclaredModelPathCodeFix)), Shared]
public sealed class UseDeclaredModelPathCodeFix : LiteralReplacementCodeFix
{
    protected override string RuleId => RuleIds.CodeLoadsUndeclaredModel;
}
