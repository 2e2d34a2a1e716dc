namespace TrustCheck.Benchmarks;

/// <summary>The repository root (the folder holding TrustCheck.sln), found from the benchmark's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustCheck.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrustCheck.sln not found above " + AppContext.BaseDirectory);
    }
}
