using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace TrustCheck.Analyzers.Tests.Verification;

/// <summary>
/// References for the test compilations, all offline: the installed Microsoft.NETCore.App reference pack (no package
/// download) and the real ML libraries this test project restores, with their dependencies.
/// </summary>
internal static class TestReferences
{
    /// <summary>An empty reference set: the framework comes from <see cref="Framework"/> instead of a NuGet download.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> Framework { get; } = LoadFramework();

    /// <summary>Microsoft.ML, ONNX Runtime (+GenAI), TorchSharp (+PyBridge), LLamaSharp, OllamaSharp, Semantic Kernel, Whisper.net, OpenCvSharp.</summary>
    public static ImmutableArray<MetadataReference> MlLibraries { get; } = LoadLibraries(
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession),
        typeof(Microsoft.ML.MLContext),
        typeof(Microsoft.ML.OnnxCatalog),
        typeof(Microsoft.ML.OnnxRuntimeGenAI.Model),
        typeof(TorchSharp.torch),
        typeof(TorchSharp.PyBridge.PyBridgeModuleExtensions),
        typeof(LLama.LLamaWeights),
        typeof(OllamaSharp.OllamaApiClient),
        typeof(Microsoft.SemanticKernel.Kernel),
        typeof(Microsoft.SemanticKernel.OpenAIKernelBuilderExtensions),
        typeof(Whisper.net.WhisperFactory),
        typeof(OpenCvSharp.Dnn.CvDnn));

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        var folder = ReferencePackFolder();
        return Directory.GetFiles(folder, "*.dll")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    /// <summary>packs/Microsoft.NETCore.App.Ref/&lt;running version, or the highest&gt;/ref/net&lt;major&gt;.0 under the dotnet root.</summary>
    private static string ReferencePackFolder()
    {
        var packs = Path.Combine(DotnetRoot(), "packs", "Microsoft.NETCore.App.Ref");
        var versions = Directory.GetDirectories(packs).Select(Path.GetFileName).OfType<string>().ToList();
        var running = Environment.Version.ToString(3);
        var version = versions.Contains(running)
            ? running
            : versions.OrderByDescending(v => Version.TryParse(v.Split('-')[0], out var parsed) ? parsed : new Version(0, 0)).First();
        var refFolder = Path.Combine(packs, version, "ref");
        var tfm = $"net{Environment.Version.Major}.0";
        return Directory.Exists(Path.Combine(refFolder, tfm))
            ? Path.Combine(refFolder, tfm)
            : Directory.GetDirectories(refFolder).OrderBy(d => d, StringComparer.Ordinal).Last();
    }

    private static string DotnetRoot()
    {
        // The running runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeFolder = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var fromRuntime = Path.GetFullPath(Path.Combine(runtimeFolder, "..", "..", ".."));
        foreach (var candidate in new[] { fromRuntime, Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/usr/share/dotnet", "/usr/lib/dotnet" })
        {
            if (!string.IsNullOrEmpty(candidate) && Directory.Exists(Path.Combine(candidate, "packs", "Microsoft.NETCore.App.Ref")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No Microsoft.NETCore.App reference pack found next to the running runtime, in DOTNET_ROOT or /usr/share/dotnet.");
    }

    /// <summary>The anchor assemblies and every non-framework assembly they reference that sits in the test output folder.</summary>
    private static ImmutableArray<MetadataReference> LoadLibraries(params Type[] anchors)
    {
        var frameworkNames = new HashSet<string>(Framework.Select(r => Path.GetFileNameWithoutExtension(r.Display!)), StringComparer.OrdinalIgnoreCase);
        var found = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>(anchors.Select(t => t.Assembly));
        while (pending.Count > 0)
        {
            var assembly = pending.Dequeue();
            var name = assembly.GetName().Name!;
            if (frameworkNames.Contains(name) || found.ContainsKey(name) || string.IsNullOrEmpty(assembly.Location))
            {
                continue;
            }

            found[name] = assembly.Location;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var path = Path.Combine(AppContext.BaseDirectory, reference.Name + ".dll");
                if (!frameworkNames.Contains(reference.Name!) && !found.ContainsKey(reference.Name!) && File.Exists(path))
                {
                    pending.Enqueue(Assembly.LoadFrom(path));
                }
            }
        }

        return found.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
