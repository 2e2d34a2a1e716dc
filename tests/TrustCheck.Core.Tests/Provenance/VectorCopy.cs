using System.Text.Json.Nodes;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>A temp copy of a corpus OMS vector folder, so tests can tamper with it without touching the corpus.</summary>
public sealed class VectorCopy : IDisposable
{
    private VectorCopy(string folder) => Folder = folder;

    public string Folder { get; }

    public string Bundle => Path.Combine(Folder, "model.sig");

    public static VectorCopy Of(string vectorName)
    {
        var source = OmsVector.Named(vectorName).Folder;
        var target = Path.Combine(TestPaths.NewTempDirectory("trustcheck-oms"), vectorName);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return new VectorCopy(target);
    }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Folder, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public JsonObject ReadBundle() => JsonNode.Parse(File.ReadAllText(Bundle))!.AsObject();

    public void EditBundle(Action<JsonObject> edit)
    {
        var bundle = ReadBundle();
        edit(bundle);
        File.WriteAllText(Bundle, bundle.ToJsonString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup.
        }
    }
}
