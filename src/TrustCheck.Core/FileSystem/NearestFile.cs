namespace TrustCheck.Core.FileSystem;

/// <summary>The policy, the lock and the baseline are all found the same way: the nearest one up the folder tree.</summary>
public static class NearestFile
{
    /// <summary>Nearest <paramref name="fileName"/> from <paramref name="startDirectory"/> up the folder tree, or null.</summary>
    public static string? Find(string startDirectory, string fileName)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
