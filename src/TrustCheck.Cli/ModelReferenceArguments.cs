using TrustCheck.Core.Remote;

namespace TrustCheck.Cli;

/// <summary>Model references given on the command line or declared in the project: an invalid one is a usage error (exit 2), never a path.</summary>
internal static class ModelReferenceArguments
{
    public static IReadOnlyList<string> Validate(IEnumerable<string> references)
    {
        var result = new List<string>();
        foreach (var text in references)
        {
            if (!ModelReference.TryParse(text, out _, out var error))
            {
                throw new UsageException($"'{text}' is not a valid model reference: {error}.");
            }

            result.Add(text);
        }

        return result;
    }
}
