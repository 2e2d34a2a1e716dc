using System.Runtime.Loader;

namespace TrustCheck.Build;

/// <summary>
/// Says where the NuGet client libraries the engine uses were loaded from, and in which load context. Logged at low
/// importance: the end-to-end tests read it to prove the task uses its own NuGet.* copies, not the SDK's.
/// </summary>
public static class DependencyIsolation
{
    public const string Prefix = "TrustCheck dependency isolation:";

    public static string Describe()
    {
        var nuget = typeof(NuGet.Packaging.NuspecReader).Assembly;
        var task = typeof(DependencyIsolation).Assembly;
        return $"{Prefix} NuGet.Packaging {nuget.GetName().Version} from '{nuget.Location}' in load context '{AssemblyLoadContext.GetLoadContext(nuget)?.Name}'; " +
               $"task from '{task.Location}' in load context '{AssemblyLoadContext.GetLoadContext(task)?.Name}'.";
    }
}
