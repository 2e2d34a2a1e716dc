using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>Progress on stderr: only when it is a terminal, one line overwritten in place, erased before the report.</summary>
[Collection(CliProcessCollection.Name)]
public class ProgressTests
{
    [Fact]
    public void Each_text_overwrites_the_last_and_dispose_erases_the_line()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        var progress = new TerminalProgress(output, () => 80, time, TimeSpan.FromMilliseconds(100));

        progress.Report("hashing models/phi.gguf 1.2/4.0 GB");
        time.Advance(TimeSpan.FromMilliseconds(100));
        progress.Report("hashing a.onnx 300/512 MB");
        progress.Dispose();
        progress.Report("late text");

        var longer = "hashing models/phi.gguf 1.2/4.0 GB";
        var shorter = "hashing a.onnx 300/512 MB";
        Assert.Equal("\r" + longer + "\r" + shorter + new string(' ', longer.Length - shorter.Length) + "\r" + new string(' ', shorter.Length) + "\r", output.ToString());
    }

    [Fact]
    public void Texts_faster_than_the_interval_are_dropped()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        var progress = new TerminalProgress(output, () => 80, time, TimeSpan.FromMilliseconds(100));

        progress.Report("one");
        time.Advance(TimeSpan.FromMilliseconds(99));
        progress.Report("two");
        time.Advance(TimeSpan.FromMilliseconds(1));
        progress.Report("three");

        Assert.Equal("\rone\rthree", output.ToString());
    }

    [Fact]
    public void Long_texts_are_cut_in_the_middle_to_the_terminal_width()
    {
        var output = new StringWriter();
        var progress = new TerminalProgress(output, () => 31, new ManualTime(), TimeSpan.Zero);

        progress.Report("hashing models/a/very/long/path/to/the/weights.gguf 1.2/4.0 GB");

        Assert.Equal("\rhashing models…gguf 1.2/4.0 GB", output.ToString());
        Assert.Equal(30, output.ToString().Length - 1);
    }

    [Fact]
    public void Nothing_reaches_a_redirected_stderr_while_a_big_model_is_hashed()
    {
        var dir = BigModelFolder();

        var result = CliRunner.Run(dir, "scan", "big.safetensors", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        Assert.StartsWith("{", result.Stdout);
    }

    [Fact]
    public void A_terminal_on_stderr_shows_the_hashing_progress()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            return; // util-linux `script` gives the process a pseudo-terminal; Linux CI has it
        }

        var dir = BigModelFolder();
        // Under `script` stdin, stdout and stderr are a pseudo-terminal; the report goes to /dev/null, so what the
        // terminal shows is what trustcheck wrote to stderr.
        var command = $"dotnet '{typeof(CliApp).Assembly.Location}' scan big.safetensors --format json >/dev/null";
        var withTty = CliRunner.RunProcess("/usr/bin/script", dir, ["-qec", command, "/dev/null"]);

        Assert.Equal(0, withTty.ExitCode);
        Assert.Matches(@"\rhashing big\.safetensors \d+\.\d/1\.1 GB", withTty.Stdout);
        Assert.EndsWith("\r", withTty.Stdout.TrimEnd(' ')); // the line is erased again before trustcheck exits
    }

    /// <summary>A folder with a 1 GiB (sparse) safetensors model: hashing takes far longer than the first-report delay.</summary>
    private static string BigModelFolder()
    {
        var dir = TestPaths.NewTempDirectory("trustcheck-progress");
        SafetensorsFile.Write(Path.Combine(dir, "big.safetensors"), 1L << 30);
        return dir;
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
