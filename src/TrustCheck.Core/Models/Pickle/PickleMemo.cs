namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// The Unpickler's memo. Keys are almost always dense (MEMOIZE uses len(memo), picklers number PUTs 0, 1, 2, …), so
/// they live in a list (8 bytes per entry); sparse keys fall back to a dictionary.
/// </summary>
internal sealed class PickleMemo
{
    /// <summary>A key this far past the dense end goes to the dictionary instead of growing the list with holes.</summary>
    private const int MaxGap = 1024;

    private readonly List<PickleValue?> _dense = new();
    private readonly Dictionary<long, PickleValue> _sparse = new();

    /// <summary>Distinct keys stored, which is what MEMOIZE uses as its next key.</summary>
    public int Count { get; private set; }

    public bool Contains(long key) => TryGet(key, out _);

    public bool TryGet(long key, out PickleValue value)
    {
        if (key >= 0 && key < _dense.Count && _dense[(int)key] is { } dense)
        {
            value = dense;
            return true;
        }

        return _sparse.TryGetValue(key, out value!);
    }

    public void Set(long key, PickleValue value)
    {
        if (key >= 0 && key < _dense.Count + MaxGap && key < int.MaxValue && !_sparse.ContainsKey(key))
        {
            while (_dense.Count <= key)
            {
                _dense.Add(null);
            }

            if (_dense[(int)key] is null)
            {
                Count++;
            }

            _dense[(int)key] = value;
            return;
        }

        if (!_sparse.ContainsKey(key))
        {
            Count++;
        }

        _sparse[key] = value;
    }
}
