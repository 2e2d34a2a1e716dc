using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>Copies of samples/ModelApp with its real restore output, so tests can write files without touching the sample.</summary>
public static class SampleApp
{
    public const string RelativePath = "samples/ModelApp";

    private static string Folder => Path.Combine(TestPaths.Samples, "ModelApp");

    /// <summary>The sample's obj/project.assets.json, restored by a first check when missing.</summary>
    public static string AssetsFile
    {
        get
        {
            var assets = Path.Combine(Folder, "obj", "project.assets.json");
            if (!File.Exists(assets))
            {
                Assert.Equal(0, CliRunner.RunInRepo("check", RelativePath, "--format", "json").ExitCode); // restores the sample
            }

            return assets;
        }
    }

    /// <summary>A project folder holding only a project file and the sample's restore output.</summary>
    public static string CopyAssets(string prefix = "trustcheck-cli-project")
    {
        var folder = NewFolderWithAssets(prefix);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        return folder;
    }

    /// <summary>The whole sample (project, models, and optionally its policy and lock) with its restore output.</summary>
    public static string CopyAll(bool withPolicyAndLock, string prefix = "trustcheck-cli-sample")
    {
        var folder = NewFolderWithAssets(prefix);
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Folder, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "obj" or "bin" || (!withPolicyAndLock && top is "trustcheck.json" or "trustcheck.lock.json"))
            {
                continue;
            }

            var target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return folder;
    }

    private static string NewFolderWithAssets(string prefix)
    {
        var assets = AssetsFile;
        var folder = TestPaths.NewTempDirectory(prefix);
        Directory.CreateDirectory(Path.Combine(folder, "obj"));
        File.Copy(assets, Path.Combine(folder, "obj", "project.assets.json"));
        return folder;
    }
}
