using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TrustCheck.Analyzers.Values;

/// <summary>A string known at compile time, and the string literals it was built from (for code fixes).</summary>
internal sealed class ResolvedValue
{
    public ResolvedValue(string text, bool isTail, ImmutableArray<LiteralExpressionSyntax> literals, bool isPrefix = false)
    {
        Text = text;
        IsTail = isTail;
        Literals = literals;
        IsPrefix = isPrefix;
    }

    /// <summary>The value, or only its end when <see cref="IsTail"/>.</summary>
    public string Text { get; }

    /// <summary>
    /// True when the start is a run-time value (<c>Path.Combine(AppContext.BaseDirectory, "models", "x.onnx")</c>):
    /// the file name is known, the folder it sits in is not.
    /// </summary>
    public bool IsTail { get; }

    /// <summary>
    /// True when the end is a run-time value (<c>$"https://huggingface.co/org/repo/resolve/main/{file}"</c>): only the start
    /// is known. Only <see cref="ConstantValueResolver.ResolveWithPrefix"/> returns such values (URL arguments).
    /// </summary>
    public bool IsPrefix { get; }

    /// <summary>The string literals whose text makes up <see cref="Text"/>, in order.</summary>
    public ImmutableArray<LiteralExpressionSyntax> Literals { get; }
}
