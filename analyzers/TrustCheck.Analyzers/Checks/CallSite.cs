using Microsoft.CodeAnalysis;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Values;

namespace TrustCheck.Analyzers.Checks;

/// <summary>One call that loads or fetches a model: which API, where, and the model it names when known.</summary>
internal sealed class CallSite
{
    public CallSite(ModelApi api, IOperation? argument, Location location, ResolvedValue? value, IMethodSymbol? method)
    {
        Api = api;
        Argument = argument;
        Location = location;
        Value = value;
        Method = method;
    }

    public ModelApi Api { get; }
    /// <summary>The argument (or assigned value) that names the model; null when the API is flagged as a whole.</summary>
    public IOperation? Argument { get; }
    public Location Location { get; }
    /// <summary>The compile-time value of <see cref="Argument"/>; null when it is only known at run time.</summary>
    public ResolvedValue? Value { get; }
    /// <summary>The invoked method (null for property sets and constructors).</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>How the model is named in messages: its value, or the code that computes it.</summary>
    public string Label => Value?.Text ?? Argument?.Syntax.ToString() ?? Api.Member;
}
