using System.CommandLine;
using TrustCheck.Core;
using TrustCheck.Core.Reporting;

namespace TrustCheck.Cli;

/// <summary>The `trustcheck` command line (contract.md). Exit codes: 0 clean, 1 error findings, 2 unusable input.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;

    private static readonly string[] Formats = ["text", "json", "sarif", "cyclonedx", "markdown"];

    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"trustcheck: {OneLine(parse.Errors[0].Message)} (see 'trustcheck --help')");
            return ExitUsage;
        }

        try
        {
            // Our own handler below keeps the contract's exit code 2 for unusable input.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"trustcheck: {OneLine(ex.Message)}");
            return ExitUsage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"trustcheck: internal error: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            return ExitUsage;
        }
    }

    /// <summary>The contract promises one line on stderr; System.CommandLine lists choices on several.</summary>
    internal static string OneLine(string message)
    {
        var parts = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return parts.Count <= 1 ? message.Trim() : parts[0] + " " + string.Join(", ", parts.Skip(1));
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Verify the license and provenance of the NuGet packages and model files a .NET project depends on.");
        root.Subcommands.Add(Commands.Check());
        root.Subcommands.Add(Commands.Scan());
        root.Subcommands.Add(Commands.Lock());
        root.Subcommands.Add(Commands.Explain());
        root.Subcommands.Add(Commands.Init());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        return root;
    }

    internal static Option<string> FormatOption()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: text (default), json, sarif, cyclonedx, markdown.",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong(Formats);
        return option;
    }

    /// <summary>Writes the report in the chosen format to --output or stdout; returns the exit code for its findings.</summary>
    internal static int Emit(Report report, string format, string? outputPath)
    {
        using var writer = outputPath is null ? Console.Out : OpenOutput(outputPath);
        var color = outputPath is null && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        ReportWriters.Write(report, format, writer, color);
        writer.Flush();
        return report.HasErrors ? ExitFindings : ExitOk;
    }

    /// <summary>The --output file, its folder created like `dotnet build -o` does; a path that cannot be written is a usage error (exit 2).</summary>
    internal static StreamWriter OpenOutput(string outputPath)
    {
        try
        {
            var full = Path.GetFullPath(outputPath);
            if (Directory.Exists(full))
            {
                throw new UsageException($"--output '{outputPath}' is a folder; give a file name.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new StreamWriter(full, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Exception messages are resource keys in this build (UseSystemResourceKeys): say it in our words.
            var why = ex is UnauthorizedAccessException ? "permission denied" : "the folder cannot be created or the file cannot be written";
            throw new UsageException($"cannot write --output '{outputPath}': {why} ({ex.GetType().Name}).");
        }
    }
}

/// <summary>Unusable command-line input: exit code 2 with one line on stderr.</summary>
public sealed class UsageException(string message) : Exception(message);
