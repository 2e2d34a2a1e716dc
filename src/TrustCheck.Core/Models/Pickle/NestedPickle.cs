namespace TrustCheck.Core.Models.Pickle;

/// <summary>How a nested pickle was stored inside a data value of the outer pickle.</summary>
public enum NestedPickleEncoding
{
    Raw,
    Base64,
    Hex,
}

/// <summary>
/// A complete pickle found inside a bytes/text value of the outer pickle. Loading the outer file does not run it, but
/// an application that unpickles that field would, so it is worth a warning (and its globals are listed).
/// </summary>
public sealed record NestedPickle(long Offset, NestedPickleEncoding Encoding, IReadOnlyList<PickleGlobal> Globals);
