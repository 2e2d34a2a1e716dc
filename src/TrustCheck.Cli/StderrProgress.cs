namespace TrustCheck.Cli;

/// <summary>
/// Shows the engine's one-line status texts on stderr, rewriting one line in place. Only on a terminal: redirected
/// stderr (CI logs, scripts) and every report format on stdout stay free of it.
/// </summary>
internal sealed class StderrProgress : IProgress<string>
{
    private readonly object _gate = new();
    private int _shownLength;

    private StderrProgress()
    {
    }

    /// <summary>A progress sink when stderr is a terminal, else null (no progress at all).</summary>
    public static StderrProgress? IfTerminal() => Console.IsErrorRedirected ? null : new StderrProgress();

    public void Report(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        lock (_gate)
        {
            Console.Error.Write("\r" + line.PadRight(_shownLength));
            _shownLength = line.Length;
        }
    }

    /// <summary>Erases the status line before the report is written.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_shownLength > 0)
            {
                Console.Error.Write("\r" + new string(' ', _shownLength) + "\r");
                _shownLength = 0;
            }
        }
    }
}
