using TrustCheck.Core;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Tests.Inventory;

namespace TrustCheck.Tests.Online;

/// <summary>
/// A copy of the restored test project (its real project.assets.json, packages in the global packages folder) in a
/// folder of its own, whose nuget.config names only the given sources; online checks then ask those sources only.
/// </summary>
public sealed class OnlineTestProject
{
    public OnlineTestProject(RestoredProject restored, params string[] sources)
    {
        Directory = TestPaths.NewTempDirectory("trustcheck-online");
        ProjectPath = Path.Combine(Directory, "Consumer.csproj");
        File.Copy(restored.ProjectPath, ProjectPath);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "obj"));
        File.Copy(restored.AssetsPath, Path.Combine(Directory, "obj", "project.assets.json"));
        LoopbackNuGetFeed.WriteNuGetConfig(Directory, sources);
        CacheDirectory = Path.Combine(Directory, "online-cache");
    }

    public string Directory { get; }
    public string ProjectPath { get; }
    public string CacheDirectory { get; }

    public Report Check(TimeSpan? timeout = null, TimeSpan? cacheExpiry = null, bool offline = false) =>
        TrustCheckEngine.Check(Options(timeout, cacheExpiry, offline));

    public CheckOptions Options(TimeSpan? timeout = null, TimeSpan? cacheExpiry = null, bool offline = false, IProgress<string>? progress = null) => new()
    {
        ProjectPath = ProjectPath,
        LockFilePath = Path.Combine(Directory, TrustCheckLock.FileName),
        WorkingDirectory = Directory,
        Offline = offline,
        OnlineCacheDirectory = CacheDirectory,
        OnlineTimeout = timeout ?? TimeSpan.FromSeconds(30),
        OnlineCacheExpiry = cacheExpiry ?? TimeSpan.FromHours(24),
        Progress = progress,
    };

    /// <summary>The version of <paramref name="id"/> the restore resolved.</summary>
    public static string ResolvedVersion(RestoredProject restored, string id) =>
        ProjectAssetsReader.Read(restored.AssetsPath).Packages.Single(p => p.Id == id).Version.ToNormalizedString();
}
