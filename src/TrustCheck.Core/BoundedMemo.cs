using System.Collections.Concurrent;

namespace TrustCheck.Core;

/// <summary>
/// Remembers the results of a pure function for the life of the process: an MSBuild node checks one project after
/// another, and most inputs (a license expression, a shared Directory.Packages.props) repeat in every project.
/// Bounded, because the inputs come from files: past <c>maxEntries</c> it starts over instead of growing. Results must
/// be immutable, since every caller gets the same instance.
/// </summary>
internal sealed class BoundedMemo<TValue>(int maxEntries, IEqualityComparer<string> comparer)
{
    private readonly ConcurrentDictionary<string, TValue> _entries = new(comparer);

    public TValue GetOrAdd(string key, Func<string, TValue> compute)
    {
        if (_entries.TryGetValue(key, out var known))
        {
            return known;
        }

        var value = compute(key);
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries.TryAdd(key, value);
        return value;
    }
}
