using NuGet.Configuration;

namespace TrustCheck.Core.Tests.Licensing;

/// <summary>Files of packages the test project downloads at restore (PackageDownload items in the csproj).</summary>
internal static class RestoredPackages
{
    private static readonly string GlobalPackagesFolder = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(root: null));

    public static string File(string id, string version, string relativePath)
    {
        var path = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), version, relativePath);
        Assert.True(System.IO.File.Exists(path), $"{path} is missing: restore the test project (it downloads {id} {version}).");
        return path;
    }
}
