using Microsoft.VisualStudio.SolutionPersistence.Model;
using Microsoft.VisualStudio.SolutionPersistence.Serializer;

namespace TrustCheck.Cli;

/// <summary>
/// Reads the project list of a .sln or .slnx with Microsoft.VisualStudio.SolutionPersistence (the reader Visual Studio and
/// `dotnet sln` use). Solution folders are not projects; a project may sit outside the solution's folder. A file that is
/// not a readable solution is a usage error (exit 2) naming the file and, when known, the line.
/// </summary>
internal static class SolutionFile
{
    /// <summary>The project kinds restore and the check understand; others a solution may hold (.shproj, .esproj, .sqlproj …) are skipped.</summary>
    public static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    public static bool IsProject(string path) =>
        ProjectExtensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>Full paths of the solution's projects (existing or not), ordinal-sorted.</summary>
    public static IReadOnlyList<string> ReadProjects(string solutionPath)
    {
        var serializer = SolutionSerializers.GetSerializerByMoniker(solutionPath)
            ?? throw new UsageException($"'{solutionPath}' is not a .sln or .slnx file.");
        SolutionModel model;
        try
        {
            model = serializer.OpenAsync(solutionPath, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (SolutionException ex)
        {
            var where = ex.Line is { } line ? $" (line {line})" : "";
            throw new UsageException($"cannot read solution '{solutionPath}'{where}: {FirstLine(ex.Message)}");
        }
        catch (System.Xml.XmlException ex)
        {
            // This build keeps resource keys instead of exception texts (UseSystemResourceKeys): say it in our words.
            throw new UsageException($"cannot read solution '{solutionPath}' (line {ex.LineNumber}, position {ex.LinePosition}): not well-formed XML.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new UsageException($"cannot read solution '{solutionPath}': {ex.GetType().Name}: {FirstLine(ex.Message)}");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
        return model.SolutionProjects
            .Select(project => project.FilePath)
            .Where(path => !string.IsNullOrWhiteSpace(path) && IsProject(path))
            // .sln files always use backslashes; on Linux and macOS they are folder separators all the same.
            .Select(path => Path.GetFullPath(Path.Combine(folder, path.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
