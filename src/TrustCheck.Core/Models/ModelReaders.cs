namespace TrustCheck.Core.Models;

/// <summary>Format name → reader. Format detection (by content) picks the name; this picks the reader.</summary>
public static class ModelReaders
{
    private static readonly Dictionary<string, IModelReader> ByFormat = new IModelReader[]
    {
        // Readers register here, one line each.
        new Pickle.PickleReader(),
        new PyTorch.PyTorchReader(),
        new Numpy.NumpyReader(),
        new Joblib.JoblibReader(),
    }.ToDictionary(r => r.Format, StringComparer.Ordinal);

    public static IModelReader? For(string format) => ByFormat.TryGetValue(format, out var reader) ? reader : null;

    public static IEnumerable<string> Formats => ByFormat.Keys;
}
