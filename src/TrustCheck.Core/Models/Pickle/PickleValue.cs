namespace TrustCheck.Core.Models.Pickle;

internal enum PickleValueKind
{
    /// <summary>Anything the walker does not need to know more about (numbers, containers it did not keep, call results).</summary>
    Opaque,
    None,
    Bool,
    Int,
    /// <summary>A text value (UNICODE/STRING family): the only operands with which STACK_GLOBAL resolves to a constant name.</summary>
    Text,
    Bytes,
    Tuple,
    Dict,
    /// <summary>The object a GLOBAL/STACK_GLOBAL/INST/EXT pushed.</summary>
    Global,
    /// <summary>The result of calling a global (REDUCE/NEWOBJ/OBJ), with the BUILD state applied to it if any.</summary>
    Call,
}

/// <summary>
/// One value on the walker's symbolic stack. Only what the safety decision (and joblib's array framing) needs is kept:
/// short texts, small ints, a few container items; everything else is <see cref="PickleValueKind.Opaque"/>.
/// </summary>
internal sealed class PickleValue
{
    public static readonly PickleValue Opaque = new(PickleValueKind.Opaque);
    public static readonly PickleValue None = new(PickleValueKind.None);
    public static readonly PickleValue Bytes = new(PickleValueKind.Bytes);
    public static readonly PickleValue OpaqueTuple = new(PickleValueKind.Tuple);
    public static readonly PickleValue OpaqueDict = new(PickleValueKind.Dict);
    public static readonly PickleValue CallResult = new(PickleValueKind.Call);
    public static readonly PickleValue EmptyTuple = new(PickleValueKind.Tuple) { Items = new List<PickleValue>() };

    /// <summary>At most this many items of a tuple/dict are kept (enough for shapes, dtypes and small state dicts).</summary>
    public const int MaxKeptItems = 32;

    public PickleValue(PickleValueKind kind)
    {
        Kind = kind;
    }

    public PickleValueKind Kind { get; }

    public string? Text { get; init; }

    public long Int { get; init; }

    public PickleGlobal? Global { get; init; }

    /// <summary>Tuple items, or dict keys and values interleaved; null when not kept.</summary>
    public List<PickleValue>? Items { get; init; }

    /// <summary>For <see cref="PickleValueKind.Call"/>: what was called and with which arguments.</summary>
    public PickleValue? Callee { get; init; }

    public PickleValue? Arguments { get; init; }

    /// <summary>For <see cref="PickleValueKind.Call"/>: the state a BUILD opcode applied.</summary>
    public PickleValue? State { get; set; }

    public static PickleValue FromText(string? text) => text is null ? Opaque : new(PickleValueKind.Text) { Text = text };

    public static PickleValue FromInt(long value) => new(PickleValueKind.Int) { Int = value };

    public static PickleValue FromBool(bool value) => new(PickleValueKind.Bool) { Int = value ? 1 : 0 };

    public static PickleValue Tuple(IReadOnlyList<PickleValue> items)
    {
        var count = Math.Min(items.Count, MaxKeptItems);
        var kept = new List<PickleValue>(count);
        for (var i = 0; i < count; i++)
        {
            kept.Add(items[i]);
        }

        return new(PickleValueKind.Tuple) { Items = kept };
    }

    /// <summary>Looks a text key up in a kept dict (joblib wrapper state, dtype state).</summary>
    public PickleValue? Lookup(string key)
    {
        if (Kind != PickleValueKind.Dict || Items is null)
        {
            return null;
        }

        for (var i = 0; i + 1 < Items.Count; i += 2)
        {
            if (Items[i].Kind == PickleValueKind.Text && Items[i].Text == key)
            {
                return Items[i + 1];
            }
        }

        return null;
    }
}
