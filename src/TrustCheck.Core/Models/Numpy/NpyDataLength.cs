using System.Globalization;
using System.Text.RegularExpressions;

namespace TrustCheck.Core.Models.Numpy;

/// <summary>
/// numpy.lib.format.read_array reads product(shape) × itemsize bytes after the header and fails when fewer are there
/// ("cannot reshape array of size …" / "EOF: reading array data"); trailing bytes are ignored. This computes the size
/// from the header's descr and shape, for the dtypes np.save writes as text: simple type strings ("&lt;f4", "|b1",
/// "&lt;U3", "&lt;M8[ns]") and packed field lists ([('x', '&lt;f4'), ('y', '&lt;i8', (2,))]). Anything else is not judged.
/// </summary>
internal static partial class NpyDataLength
{
    /// <summary>Why numpy would refuse the data, or null when it is long enough or the size cannot be computed.</summary>
    public static string? Shortfall(string descr, string shape, long available)
    {
        var itemSize = ItemSize(descr.Trim());
        var count = Count(shape);
        if (itemSize is null || count is null)
        {
            return null;
        }

        var needed = itemSize.Value * count.Value;
        return needed > available
            ? $"its header declares shape ({shape.Trim()}) of {descr.Trim().Trim('\'', '"')} ({needed:N0} bytes of data) but only {Math.Max(available, 0):N0} bytes follow the header; numpy.load refuses it (\"cannot reshape array of size …\")"
            : null;
    }

    private static long? Count(string shape)
    {
        long count = 1;
        foreach (var part in shape.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dimension = part.TrimEnd('L');
            if (!long.TryParse(dimension, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return null;
            }

            try
            {
                count = checked(count * size);
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        return count;
    }

    private static long? ItemSize(string descr)
    {
        if (descr.StartsWith('[') && descr.EndsWith(']'))
        {
            return FieldListSize(descr);
        }

        var simple = SimpleType().Match(descr.Trim('\'', '"'));
        if (!simple.Success)
        {
            return null;
        }

        var kind = simple.Groups["kind"].Value;
        var size = long.Parse(simple.Groups["size"].Value, CultureInfo.InvariantCulture);
        return kind == "U" ? size * 4 : size;
    }

    /// <summary>Packed structured dtype: the sum of its fields (np.save writes padding as ('', '|V4') fields).</summary>
    private static long? FieldListSize(string descr)
    {
        long total = 0;
        var matches = Field().Matches(descr);
        if (matches.Count == 0)
        {
            return null;
        }

        var covered = 0;
        foreach (Match field in matches)
        {
            var size = ItemSize(field.Groups["type"].Value);
            var count = field.Groups["shape"].Success ? Count(field.Groups["shape"].Value) : 1;
            if (size is null || count is null)
            {
                return null;
            }

            total += size.Value * count.Value;
            covered += field.Length;
        }

        // Nested structures or dict descrs leave text the pattern did not cover: do not judge them.
        var rest = Field().Replace(descr, string.Empty).Trim('[', ']', ' ', ',');
        return rest.Length == 0 ? total : null;
    }

    [GeneratedRegex(@"^[<>|=]?(?<kind>[biufcSUVmMa])(?<size>\d+)(\[[A-Za-z0-9]+\])?$")]
    private static partial Regex SimpleType();

    [GeneratedRegex(@"\(\s*'[^']*'\s*,\s*'(?<type>[^']*)'\s*(,\s*\((?<shape>[^()]*)\)\s*)?\)")]
    private static partial Regex Field();
}
