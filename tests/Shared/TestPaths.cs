namespace TrustCheck.Tests;

/// <summary>Where the repository, its samples and the shared corpus (../shared beside the clone) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/corpus relative to the repository root (CI puts ../shared beside the clone).</summary>
    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static string CorpusFile(string relative) => Path.Combine(Corpus, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Samples => Path.Combine(RepoRoot, "samples");

    public static string Docs => Path.Combine(RepoRoot, "docs");

    /// <summary>A fresh temporary folder for one test; deleted by the caller or left for the OS.</summary>
    public static string NewTempDirectory(string prefix = "trustcheck-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
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
