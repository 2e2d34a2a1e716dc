using TrustCheck.Core.FileSystem;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.FileSystem;

/// <summary>The report write a rebuild makes: identical content is only touched, anything else replaced.</summary>
public class AtomicFileTests
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    [Fact]
    public void Identical_content_is_touched_not_replaced()
    {
        var path = Path.Combine(_dir, "report.json");
        AtomicFile.WriteAllText(path, "{\"a\":1}\n");
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(path, old);

        AtomicFile.WriteAllTextUnlessSame(path, "{\"a\":1}\n");

        Assert.Equal("{\"a\":1}\n", File.ReadAllText(path));
        Assert.True(File.GetLastWriteTimeUtc(path) > old.AddMinutes(30), "the up-to-date check needs a fresh write time");
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("{\"a\":2}\n")]
    [InlineData("{\"a\":1, \"b\":2}\n")]
    [InlineData("")]
    public void Other_content_replaces_the_file(string content)
    {
        var path = Path.Combine(_dir, "report.json");
        AtomicFile.WriteAllText(path, "{\"a\":1}\n");

        AtomicFile.WriteAllTextUnlessSame(path, content);

        Assert.Equal(content, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Missing_file_is_written()
    {
        var path = Path.Combine(_dir, "sub", "report.json");

        AtomicFile.WriteAllTextUnlessSame(path, "x");

        Assert.Equal("x", File.ReadAllText(path));
    }
}
