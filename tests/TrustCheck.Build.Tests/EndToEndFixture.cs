namespace TrustCheck.Build.Tests;

/// <summary>Two builds of one consumer: the first does the work, the second (no restore, nothing changed) should not.</summary>
public sealed record BuildPair(ConsumerProject Project, ProcessResult First, ProcessResult Second);

/// <summary>
/// One pack per test run, then every consumer scenario built concurrently (each in its own folder, so they are
/// independent); tests await the scenario they assert on. Keeps the suite to one pack and a few parallel builds.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>Enough to overlap restores and builds without starving the other test projects on a small machine.</summary>
    private readonly SemaphoreSlim _parallelBuilds = new(3);
    private readonly Dictionary<string, Task<BuildPair>> _scenarios = new();
    private readonly List<ConsumerProject> _projects = new();

    public PackageFeed Feed { get; } = new();

    public async Task InitializeAsync()
    {
        await Feed.PackAsync();
        foreach (var scenario in Scenarios.All)
        {
            _scenarios[scenario.Name] = RunAsync(scenario.Create(Feed), scenario.Run);
        }
    }

    public Task<BuildPair> Scenario(string name) => _scenarios[name];

    private async Task<BuildPair> RunAsync(ConsumerProject project, Func<ConsumerProject, Task<BuildPair>> run)
    {
        lock (_projects)
        {
            _projects.Add(project);
        }

        await _parallelBuilds.WaitAsync();
        try
        {
            return await run(project);
        }
        finally
        {
            _parallelBuilds.Release();
        }
    }

    public async Task DisposeAsync()
    {
        // Let every build finish before deleting what they use.
        await Task.WhenAll(_scenarios.Values.Select(t => t.ContinueWith(_ => { })));
        foreach (var project in _projects)
        {
            try
            {
                Directory.Delete(project.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        Feed.Delete();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "TrustCheck package end to end";
}
