namespace TrustCheck.Build.Tests;

/// <summary>The consumer projects the end-to-end fixture builds, by name.</summary>
public static class Scenarios
{
    public const string Clean = "clean";
    public const string BrokenLock = "broken-lock";
    public const string Disabled = "disabled";

    /// <summary>Not JSON at line 1, column 17: the lock reader reports TC9002 with the line.</summary>
    public const string BrokenLockContent = "{ \"packages\": [ broken\n";

    public static IReadOnlyList<(string Name, Func<PackageFeed, ConsumerProject> Create)> All { get; } =
    [
        (Clean, feed => new ConsumerProject(feed, Clean).Create()),
        (BrokenLock, feed => new ConsumerProject(feed, BrokenLock)
            .WithFile("trustcheck.lock.json", BrokenLockContent)
            .Create()),
        (Disabled, feed => new ConsumerProject(feed, Disabled)
            .WithProperty("TrustCheckEnabled", "false")
            .WithFile("trustcheck.lock.json", BrokenLockContent)
            .Create()),
    ];
}

/// <summary>Lines the task writes to the log (see TrustCheck.Build.DependencyIsolation), as the tests expect them.</summary>
public static class LogMarkers
{
    public const string DependencyIsolation = "TrustCheck dependency isolation:";
}
