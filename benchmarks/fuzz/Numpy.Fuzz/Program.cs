using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Numpy;
using TrustCheck.Fuzz;

// --literal ...: the inputs are .npy header texts (literal-seeds.py writes seeds) fed straight to the header literal
// parser and the dtype check, skipping the magic and length checks a mutated .npy file rarely survives.
if (args.Length > 0 && args[0] == "--literal")
{
    return FuzzHarness.Run(new HeaderLiteralTarget(), args[1..]);
}

return FuzzHarness.Run(new NumpyReader(), args);

/// <summary>What NpyFile does with a header: Latin-1 text → Python literal → 'descr' → does the dtype hold objects.</summary>
internal sealed class HeaderLiteralTarget : IModelReader
{
    public string Format => "npy-header-literal";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var bytes = new byte[Math.Min(stream.Length, 65536)];
        stream.ReadExactly(bytes);
        var dict = PythonLiteralParser.Parse(System.Text.Encoding.Latin1.GetString(bytes), out _);
        if (dict?.Lookup("descr") is { } descr)
        {
            _ = NumpyDtype.HoldsObjects(descr);
            _ = descr.ToString();
        }

        _ = dict?.Lookup("shape")?.ToString();
        return new ModelInspection(Format);
    }
}
