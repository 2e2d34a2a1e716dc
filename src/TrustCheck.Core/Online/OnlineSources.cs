using NuGet.Configuration;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Online;

/// <summary>The project's configured NuGet sources that can answer online look-ups: enabled http(s) v3 feeds.</summary>
internal static class OnlineSources
{
    /// <summary>
    /// Reads nuget.config the way restore does (<see cref="Settings.LoadDefaultSettings(string)"/> from the project folder up,
    /// then the user and machine configs). Local folder and v2 feeds are left out: they have no registration or search service.
    /// Throws <see cref="NuGetConfigurationException"/> for a malformed nuget.config.
    /// </summary>
    public static IReadOnlyList<PackageSource> For(string projectDirectory)
    {
        RefuseSpecialConfigFiles(projectDirectory);
        var settings = Settings.LoadDefaultSettings(projectDirectory);
        return new PackageSourceProvider(settings).LoadPackageSources()
            .Where(source => source.IsEnabled && source.IsHttp && IsV3(source))
            .ToList();
    }

    /// <summary>
    /// NuGet opens every nuget.config from the project folder up without looking first: a FIFO under that name would block
    /// it for good. Throws an <see cref="IOException"/> naming it (one TC2007) before NuGet gets there.
    /// </summary>
    private static void RefuseSpecialConfigFiles(string projectDirectory)
    {
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var name in ConfigFileNames)
            {
                var path = Path.Combine(directory.FullName, name);
                var kind = FileKindProbe.Probe(path);
                if (kind is not (FileKind.Missing or FileKind.Regular))
                {
                    throw new IOException($"{path}: {new NotRegularFileException(path, kind).Message}");
                }
            }
        }
    }

    /// <summary>The names NuGet looks for in each folder (case matters on Linux).</summary>
    private static readonly string[] ConfigFileNames = ["nuget.config", "NuGet.config", "NuGet.Config"];

    private static bool IsV3(PackageSource source) =>
        source.ProtocolVersion >= 3 || source.Source.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
