using TrustCheck.Core.Online;
using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Online;

public class OnlineCacheTests
{
    private const string Source = "https://pkgs.example.org/v3/index.json";

    private static OnlinePackageReport Answer() => new()
    {
        Source = Source,
        LatestVersion = "3.0.0",
        Vulnerabilities = [new VulnerabilityReport { Severity = "high", AdvisoryUrl = "https://github.com/advisories/GHSA-aaaa-bbbb-cccc" }],
    };

    [Fact]
    public void Stored_answer_is_read_back_until_it_expires()
    {
        var directory = TestPaths.NewTempDirectory();
        new OnlineCache(directory, TimeSpan.FromHours(24)).Put(Source, "Some.Package", "1.0.0", Answer());

        var fresh = new OnlineCache(directory, TimeSpan.FromHours(24)).TryGet(Source, "some.package", "1.0.0");
        var expired = new OnlineCache(directory, TimeSpan.Zero).TryGet(Source, "Some.Package", "1.0.0");

        Assert.NotNull(fresh);
        Assert.True(fresh.Found);
        Assert.Equal("3.0.0", fresh.Report!.LatestVersion);
        Assert.Equal("high", Assert.Single(fresh.Report.Vulnerabilities!).Severity);
        Assert.Null(expired);
    }

    [Fact]
    public void Not_found_is_an_answer_too()
    {
        var cache = new OnlineCache(TestPaths.NewTempDirectory(), TimeSpan.FromHours(1));
        cache.Put(Source, "Local.Only", "1.0.0", null);

        var entry = cache.TryGet(Source, "Local.Only", "1.0.0");

        Assert.NotNull(entry);
        Assert.False(entry.Found);
    }

    [Fact]
    public void Entries_are_per_source_and_version()
    {
        var cache = new OnlineCache(TestPaths.NewTempDirectory(), TimeSpan.FromHours(1));
        cache.Put(Source, "Some.Package", "1.0.0", Answer());

        Assert.Null(cache.TryGet("https://other.example.org/v3/index.json", "Some.Package", "1.0.0"));
        Assert.Null(cache.TryGet(Source, "Some.Package", "1.0.1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ not json")]
    [InlineData("{\"version\":99,\"source\":\"x\",\"id\":\"y\",\"packageVersion\":\"1.0.0\"}")]
    [InlineData("[1,2,3]")]
    public void Damaged_or_foreign_cache_file_is_a_miss_not_an_error(string content)
    {
        var directory = TestPaths.NewTempDirectory();
        var cache = new OnlineCache(directory, TimeSpan.FromHours(1));
        cache.Put(Source, "Some.Package", "1.0.0", Answer());
        var file = Assert.Single(Directory.GetFiles(directory));
        File.WriteAllText(file, content);

        Assert.Null(cache.TryGet(Source, "Some.Package", "1.0.0"));
    }

    [Fact]
    public void Cache_folder_that_cannot_be_created_only_costs_the_next_look_up()
    {
        var blocker = Path.Combine(TestPaths.NewTempDirectory(), "file");
        File.WriteAllText(blocker, "a file where the cache folder should be");
        var cache = new OnlineCache(Path.Combine(blocker, "online"), TimeSpan.FromHours(1));

        cache.Put(Source, "Some.Package", "1.0.0", Answer());

        Assert.Null(cache.TryGet(Source, "Some.Package", "1.0.0"));
    }

    [Fact]
    public void Cache_directory_variable_moves_the_default_cache()
    {
        var previous = Environment.GetEnvironmentVariable(OnlineCache.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(OnlineCache.DirectoryVariable, "/tmp/trustcheck-cache-root");
            Assert.Equal(Path.Combine("/tmp/trustcheck-cache-root", "online"), OnlineCache.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(OnlineCache.DirectoryVariable, previous);
        }
    }
}
