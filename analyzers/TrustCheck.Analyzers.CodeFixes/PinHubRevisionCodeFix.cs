using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TrustCheck.Rules;

namespace TrustCheck.Analyzers.CodeFixes;

/// <summary>TC4002: replace a hub branch/tag (…/resolve/main/…) with the commit the lock recorded for that repository.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PinHubRevisionCodeFix)), Shared]
public sealed class PinHubRevisionCodeFix : LiteralReplacementCodeFix
{
    protected override string RuleId => RuleIds.CodeDownloadsUnpinnedModel;
}
