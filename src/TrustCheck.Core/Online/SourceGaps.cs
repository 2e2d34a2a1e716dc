namespace TrustCheck.Core.Online;

/// <summary>
/// The optional resources one source lacks: no search service in its service index (owners and the verified prefix stay
/// unknown), no .nuspec files in its package content service (latest versions' licenses stay unknown when the
/// registration does not state them). Learned once, kept in the online cache for its lifetime, reported once per source.
/// Safe to use concurrently.
/// </summary>
internal sealed class SourceGaps
{
    private int _lacksSearch;
    private int _lacksNuspec;

    public SourceGaps(bool lacksSearch = false, bool lacksNuspec = false)
    {
        _lacksSearch = lacksSearch ? 1 : 0;
        _lacksNuspec = lacksNuspec ? 1 : 0;
        Changed = false;
    }

    public bool LacksSearch => Volatile.Read(ref _lacksSearch) == 1;

    public bool LacksNuspec => Volatile.Read(ref _lacksNuspec) == 1;

    public bool Any => LacksSearch || LacksNuspec;

    /// <summary>Something was learned in this run (worth writing to the cache).</summary>
    public bool Changed { get; private set; }

    public void MarkLacksSearch()
    {
        if (Interlocked.Exchange(ref _lacksSearch, 1) == 0)
        {
            Changed = true;
        }
    }

    public void MarkLacksNuspec()
    {
        if (Interlocked.Exchange(ref _lacksNuspec, 1) == 0)
        {
            Changed = true;
        }
    }

    /// <summary>"no search service (owners, verified prefix) and no .nuspec files in its package content service (latest licenses)".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (LacksSearch)
        {
            parts.Add("no search service (so package owners and the verified prefix are unknown)");
        }

        if (LacksNuspec)
        {
            parts.Add("no .nuspec files in its package content service (so the latest version's license is unknown where its registration does not state it)");
        }

        return string.Join(" and ", parts);
    }
}
