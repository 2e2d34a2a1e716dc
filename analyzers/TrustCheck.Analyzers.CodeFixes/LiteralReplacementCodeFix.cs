using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TrustCheck.Analyzers.Checks;

namespace TrustCheck.Analyzers.CodeFixes;

/// <summary>
/// Applies the edit the analyzer computed (see <see cref="FixProperties"/>): a new value for the string literal at the
/// diagnostic's additional location, and optionally a new name for the invoked member. The analyzer decides what is
/// right (it has the facts file); the fix only rewrites syntax.
/// </summary>
public abstract class LiteralReplacementCodeFix : CodeFixProvider
{
    protected abstract string RuleId { get; }

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleId);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || !diagnostic.Properties.TryGetValue(FixProperties.Replace, out var replacement) || replacement is null
                || !diagnostic.Properties.TryGetValue(FixProperties.Title, out var title) || title is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(document, diagnostic, replacement, ct), equivalenceKey: RuleId),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> ApplyAsync(Document document, Diagnostic diagnostic, string replacement, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var literalLocation = diagnostic.AdditionalLocations[0];
        var literalDocument = solution.GetDocument(literalLocation.SourceTree) ?? document;
        diagnostic.Properties.TryGetValue(FixProperties.RenameMember, out var renameMember);

        var root = await literalDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(literalLocation.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal)
        {
            return solution;
        }

        var newRoot = root.ReplaceNode(literal, NewLiteral(literal, replacement));
        if (!string.IsNullOrEmpty(renameMember) && literalDocument.Id == document.Id)
        {
            newRoot = RenameInvokedMember(newRoot, diagnostic.Location.SourceSpan.Start, renameMember!);
        }

        solution = solution.WithDocumentSyntaxRoot(literalDocument.Id, newRoot);
        if (!string.IsNullOrEmpty(renameMember) && literalDocument.Id != document.Id)
        {
            var callRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (callRoot is not null)
            {
                solution = solution.WithDocumentSyntaxRoot(document.Id, RenameInvokedMember(callRoot, diagnostic.Location.SourceSpan.Start, renameMember!));
            }
        }

        return solution;
    }

    private static LiteralExpressionSyntax NewLiteral(LiteralExpressionSyntax old, string value)
    {
        var token = old.Token.Text.StartsWith("@", System.StringComparison.Ordinal) && value.IndexOf('"') < 0
            ? SyntaxFactory.Literal("@\"" + value + "\"", value)
            : SyntaxFactory.Literal(value);
        return old.WithToken(token.WithTriviaFrom(old.Token));
    }

    /// <summary>The call whose argument starts at <paramref name="argumentStart"/>: x.load_py(…) → x.load_safetensors(…).</summary>
    private static SyntaxNode RenameInvokedMember(SyntaxNode root, int argumentStart, string newName)
    {
        var invocation = root.FindToken(argumentStart).Parent?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (invocation?.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name })
        {
            return root;
        }

        return root.ReplaceNode(name, SyntaxFactory.IdentifierName(newName).WithTriviaFrom(name));
    }
}
