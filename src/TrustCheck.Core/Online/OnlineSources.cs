using NuGet.Configuration;

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
        var settings = Settings.LoadDefaultSettings(projectDirectory);
        return new PackageSourceProvider(settings).LoadPackageSources()
            .Where(source => source.IsEnabled && source.IsHttp && IsV3(source))
            .ToList();
    }

    private static bool IsV3(PackageSource source) =>
        source.ProtocolVersion >= 3 || source.Source.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
