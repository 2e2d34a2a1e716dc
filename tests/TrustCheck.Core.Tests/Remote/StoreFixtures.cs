using System.Security.Cryptography;
using System.Text;

namespace TrustCheck.Core.Tests.Remote;

/// <summary>
/// Writes an Ollama model store with the real layout: <c>manifests/HOST/NAMESPACE/NAME/TAG</c> (image manifest v2 JSON as
/// <c>ollama pull</c> writes it) and content-addressed <c>blobs/sha256-&lt;hex&gt;</c>.
/// </summary>
public sealed class OllamaStoreFixture(string root)
{
    public const string ModelType = "application/vnd.ollama.image.model";
    public const string LicenseType = "application/vnd.ollama.image.license";
    public const string TemplateType = "application/vnd.ollama.image.template";
    public const string ParamsType = "application/vnd.ollama.image.params";
    public const string ProjectorType = "application/vnd.ollama.image.projector";

    public string Root { get; } = root;

    /// <summary>Stores a blob under its digest; returns the hex digest.</summary>
    public string Blob(byte[] bytes)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(Path.Combine(Root, "blobs"));
        File.WriteAllBytes(BlobPath(hex), bytes);
        return hex;
    }

    public string BlobPath(string hex) => Path.Combine(Root, "blobs", "sha256-" + hex);

    /// <summary>Writes the layers' blobs and the manifest; returns the manifest's path. The digest `ollama list` shows is its SHA-256.</summary>
    public string Model(string host, string ns, string name, string tag, params (string MediaType, byte[] Bytes)[] layers)
    {
        var config = Encoding.UTF8.GetBytes("{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"file_type\":\"Q4_K_M\",\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var configDigest = Blob(config);
        var entries = layers.Select(l => $"{{\"mediaType\":\"{l.MediaType}\",\"digest\":\"sha256:{Blob(l.Bytes)}\",\"size\":{l.Bytes.Length}}}");
        var manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + $"\"config\":{{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"sha256:{configDigest}\",\"size\":{config.Length}}},"
            + $"\"layers\":[{string.Join(",", entries)}]}}";
        return WriteManifest(host, ns, name, tag, Encoding.UTF8.GetBytes(manifest));
    }

    public string Library(string name, string tag, params (string MediaType, byte[] Bytes)[] layers) =>
        Model("registry.ollama.ai", "library", name, tag, layers);

    public string WriteManifest(string host, string ns, string name, string tag, byte[] bytes)
    {
        var path = Path.Combine(Root, "manifests", host, ns, name, tag);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string ManifestDigest(string manifestPath) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifestPath)));
}

/// <summary>
/// Writes a Hugging Face hub cache repository as huggingface_hub does: <c>models--ORG--NAME/blobs/&lt;sha256 or git sha1&gt;</c>,
/// <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> as relative symbolic links into blobs/ (or plain copies, as on Windows without
/// symlink rights), and <c>refs/&lt;revision&gt;</c> holding the commit.
/// </summary>
public sealed class HuggingFaceCacheFixture(string root)
{
    public string Root { get; } = root;

    public string Repository(string org, string name) => Path.Combine(Root, $"models--{org}--{name}");

    /// <summary>Writes a snapshot; files whose name is a weights file are stored as LFS blobs (SHA-256 name), the rest under a SHA-1.</summary>
    public string Snapshot(string org, string name, string commit, IReadOnlyDictionary<string, byte[]> files, string? revision = "main", bool copies = false)
    {
        var repository = Repository(org, name);
        var snapshot = Path.Combine(repository, "snapshots", commit);
        Directory.CreateDirectory(Path.Combine(repository, "blobs"));
        foreach (var (relative, bytes) in files)
        {
            var target = Path.Combine(snapshot, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (copies)
            {
                File.WriteAllBytes(target, bytes);
                continue;
            }

            var blobName = IsLfs(relative) ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : GitBlobSha1(bytes);
            File.WriteAllBytes(Path.Combine(repository, "blobs", blobName), bytes);
            var depth = relative.Count(c => c == '/') + 2;
            var link = string.Join("/", Enumerable.Repeat("..", depth)) + "/blobs/" + blobName;
            File.CreateSymbolicLink(target, link);
        }

        if (revision is not null)
        {
            Directory.CreateDirectory(Path.Combine(repository, "refs"));
            File.WriteAllText(Path.Combine(repository, "refs", revision), commit);
        }

        return snapshot;
    }

    public string BlobOf(string org, string name, byte[] bytes) => Path.Combine(Repository(org, name), "blobs", Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>Where a small (non-LFS) file's blob lives: named by its git blob SHA-1.</summary>
    public string GitBlobOf(string org, string name, byte[] bytes) => Path.Combine(Repository(org, name), "blobs", GitBlobSha1(bytes));

    private static bool IsLfs(string relative) =>
        relative.EndsWith(".safetensors", StringComparison.Ordinal) || relative.EndsWith(".bin", StringComparison.Ordinal)
        || relative.EndsWith(".gguf", StringComparison.Ordinal) || relative.EndsWith(".onnx", StringComparison.Ordinal);

    private static string GitBlobSha1(byte[] bytes) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
}

/// <summary>Bytes for the fixtures: GGUF files written byte-exactly, a malicious pickle written opcode by opcode, model cards.</summary>
public static class StoreBytes
{
    public static byte[] Gguf(string name, string? license = null)
    {
        var builder = new Models.GgufBuilder().String("general.architecture", "llama").String("general.name", name);
        if (license is not null)
        {
            builder.String("general.license", license);
        }

        return builder.U32("llama.context_length", 4096).Build();
    }

    /// <summary>A protocol-2 pickle calling os.system("id") — never unpickled, only read by the scanner.</summary>
    public static byte[] OsSystemPickle() =>
        Models.PickleBytes.Start(2).Global("os", "system").BinUnicode("id").Op(0x85).Op('R').Op('.').ToArray();

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Corpus(string relative) => File.ReadAllBytes(TrustCheck.Tests.TestPaths.CorpusFile(relative));

    public static byte[] Safetensors() => Models.SafetensorsBuilder.Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);

    public static string Commit(char c) => new(c, 40);
}
