using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TrustCheck.Analyzers.Values;

namespace TrustCheck.Analyzers.Checks;

/// <summary>An edit of a resolved value mapped back onto the one string literal it falls in, for a code fix.</summary>
internal static class LiteralEdit
{
    /// <summary>
    /// Adds the fix properties (new literal value, title) when the span [start, start+length) of
    /// <paramref name="value"/>'s text lies inside a single literal; otherwise the diagnostic carries no fix.
    /// </summary>
    public static (ImmutableArray<Location> Locations, ImmutableDictionary<string, string?> Properties) Create(
        ResolvedValue value, int start, int length, string replacement, string title, string? renameMember = null)
    {
        var cursor = 0;
        foreach (var literal in value.Literals)
        {
            var text = literal.Token.ValueText;
            var position = Locate(value.Text, text, cursor, out var located);
            if (position < 0)
            {
                break;
            }

            var end = position + located.Length;
            if (start >= position && start + length <= end)
            {
                var offsetInLiteral = text.Length - located.Length + (start - position);
                var newValue = text.Substring(0, offsetInLiteral) + replacement + text.Substring(offsetInLiteral + length);
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(FixProperties.Replace, newValue)
                    .Add(FixProperties.Title, title);
                if (!string.IsNullOrEmpty(renameMember))
                {
                    properties = properties.Add(FixProperties.RenameMember, renameMember);
                }

                return (ImmutableArray.Create(literal.GetLocation()), properties);
            }

            cursor = end;
        }

        return (ImmutableArray<Location>.Empty, ImmutableDictionary<string, string?>.Empty);
    }

    private static int Locate(string text, string literal, int cursor, out string located)
    {
        located = literal;
        var position = literal.Length == 0 ? -1 : text.IndexOf(literal, cursor, StringComparison.Ordinal);
        if (position < 0)
        {
            // A tail drops the leading separators of its first literal ("/models/x.onnx" → "models/x.onnx").
            located = literal.TrimStart('/', '\\');
            position = located.Length == 0 ? -1 : text.IndexOf(located, cursor, StringComparison.Ordinal);
        }

        return position;
    }
}
