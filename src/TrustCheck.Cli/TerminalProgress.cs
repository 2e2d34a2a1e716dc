namespace TrustCheck.Cli;

/// <summary>
/// Status line on stderr for long work (contract: progress only when stderr is a terminal, never in redirected output).
/// Each text overwrites the previous one in place (<c>\r</c>, padded to erase a longer line, cut to the terminal width);
/// texts arriving faster than <c>interval</c> are dropped; <see cref="Dispose"/> erases the line before the report prints.
/// Thread-safe: the engine reports from parallel hashing threads.
/// </summary>
internal sealed class TerminalProgress : IProgress<string>, IDisposable
{
    private readonly TextWriter _writer;
    private readonly Func<int> _width;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private long? _lastWrite;
    private int _shownLength;
    private bool _closed;

    public TerminalProgress(TextWriter writer, Func<int> width, TimeProvider time, TimeSpan interval)
    {
        _writer = writer;
        _width = width;
        _time = time;
        _interval = interval;
    }

    /// <summary>A reporter on stderr when it is a terminal; null (no progress at all) when stderr is redirected.</summary>
    public static TerminalProgress? ForStandardError() =>
        Console.IsErrorRedirected ? null : new TerminalProgress(Console.Error, TerminalWidth, TimeProvider.System, TimeSpan.FromMilliseconds(100));

    public void Report(string value)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_closed || (_lastWrite is { } last && _time.GetElapsedTime(last, now) < _interval))
            {
                return;
            }

            var line = Fit(value, Math.Max(_width() - 1, 10));
            _writer.Write('\r' + line + new string(' ', Math.Max(_shownLength - line.Length, 0)));
            _writer.Flush();
            _shownLength = line.Length;
            _lastWrite = now;
        }
    }

    /// <summary>Erases the status line (so the report starts on a clean line) and ignores later texts.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_shownLength > 0)
            {
                _writer.Write('\r' + new string(' ', _shownLength) + '\r');
                _writer.Flush();
            }

            _shownLength = 0;
            _closed = true;
        }
    }

    /// <summary>One line that fits: newlines flattened, long texts cut in the middle so the path's end and the figures stay.</summary>
    internal static string Fit(string text, int width)
    {
        var flat = text.ReplaceLineEndings(" ");
        if (flat.Length <= width)
        {
            return flat;
        }

        var keepEnd = width / 2;
        var keepStart = width - keepEnd - 1;
        return string.Concat(flat.AsSpan(0, keepStart), "…", flat.AsSpan(flat.Length - keepEnd));
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return 80;
        }
    }
}
