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

        var padding = state.Lookup("numpy_array_alignment_bytes")?.Kind == PickleValueKind.Int;
        if (HoldsObjects(dtype, 0))
        {
            // joblib's read_array: dtype.hasobject → pickle.load of what follows.
            return new JoblibArrayLayout(true, 0, padding);
        }

        var dtypeName = dtype.Arguments?.Items is { Count: > 0 } args && args[0].Kind == PickleValueKind.Text ? args[0].Text! : null;
        if (dtypeName is null)
        {
            return null;
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

    /// <summary>
    /// dtype.hasobject for a pickled numpy.dtype(name, align, copy) + BUILD state: an object type code in any spelling
    /// ('O', '|O8', 'O4', 'object'), the NPY_ITEM_HASOBJECT flag (state[7] &amp; 1), or an object field in a structured
    /// ('V…' with fields, state[4]) or subarray (state[2]) dtype, nested to any depth.
    /// </summary>
    internal static bool HoldsObjects(PickleValue? dtype, int depth)
    {
        if (dtype?.Kind != PickleValueKind.Call || depth > 32)
        {
            return depth > 32;
        }

        if (dtype.Arguments?.Items is { Count: > 0 } args && args[0].Kind == PickleValueKind.Text && Numpy.NumpyDtype.IsObjectSpec(args[0].Text!))
        {
            return true;
        }

        if (dtype.State?.Kind != PickleValueKind.Tuple || dtype.State.Items is not { } state)
        {
            return false;
        }

        if (state.Count > 7 && state[7].Kind == PickleValueKind.Int && (state[7].Int & 1) != 0)
        {
            return true;
        }

        if (state.Count > 2 && state[2].Kind == PickleValueKind.Tuple && state[2].Items is { Count: > 0 } subarray && HoldsObjects(subarray[0], depth + 1))
        {
            return true;
        }

        if (state.Count > 4 && state[4].Kind == PickleValueKind.Dict && state[4].Items is { } fields)
        {
            for (var i = 1; i < fields.Count; i += 2)
            {
                if (fields[i].Kind == PickleValueKind.Tuple && fields[i].Items is { Count: > 0 } field && HoldsObjects(field[0], depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
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
