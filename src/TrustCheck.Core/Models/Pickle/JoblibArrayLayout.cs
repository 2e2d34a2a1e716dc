using System.Globalization;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>The size of the raw bytes joblib writes after a NumpyArrayWrapper, from the wrapper's pickled state.</summary>
internal sealed record JoblibArrayLayout(bool IsObjectArray, long ByteCount, bool HasAlignmentPadding)
{
    /// <summary>Null when the state does not say enough to size the data (then the walk stops with TC3013).</summary>
    public static JoblibArrayLayout? FromWrapperState(PickleValue? state)
    {
        if (state is null)
        {
            return null;
        }

        var shape = state.Lookup("shape");
        var dtype = state.Lookup("dtype");
        if (shape?.Kind != PickleValueKind.Tuple || shape.Items is null || dtype?.Kind != PickleValueKind.Call)
        {
            return null;
        }

        var dtypeName = dtype.Arguments?.Items is { Count: > 0 } args && args[0].Kind == PickleValueKind.Text ? args[0].Text! : null;
        if (dtypeName is null)
        {
            return null;
        }

        var padding = state.Lookup("numpy_array_alignment_bytes")?.Kind == PickleValueKind.Int;
        if (dtypeName.StartsWith('O'))
        {
            return new JoblibArrayLayout(true, 0, padding);
        }

        var itemSize = ItemSize(dtypeName, dtype.State);
        if (itemSize <= 0)
        {
            return null;
        }

        long count = 1;
        foreach (var dimension in shape.Items)
        {
            if (dimension.Kind != PickleValueKind.Int || dimension.Int < 0)
            {
                return null;
            }

            try
            {
                count = checked(count * dimension.Int);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        try
        {
            return new JoblibArrayLayout(false, checked(count * itemSize), padding);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Bytes per item: the dtype state's elsize for flexible types (U, S, V), else the digits in the type code ("f8", "b1").</summary>
    private static long ItemSize(string dtypeName, PickleValue? dtypeState)
    {
        if (dtypeState?.Kind == PickleValueKind.Tuple && dtypeState.Items is { Count: > 5 } items &&
            items[5].Kind == PickleValueKind.Int && items[5].Int > 0)
        {
            return items[5].Int;
        }

        var digits = new string(dtypeName.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
        if (digits.Length > 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return size;
        }

        return dtypeName.TrimStart('<', '>', '|', '=') == "?" ? 1 : 0;
    }
}
