using TrustCheck.Core.Models;
using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Core.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>One MANIFEST.tsv row of the shared corpus.</summary>
public sealed record CorpusRow(string Path, long Bytes, string Format, string Label, string Notes)
{
    public override string ToString() => Path;
}

/// <summary>The shared corpus rows the format readers own, and a way to run detection + reader over one file.</summary>
public static class FormatsCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusRow>> Rows = new(Load);

    /// <summary>Corpus formats whose readers live in the formats work (pickle/numpy/zip rows belong to the pickle readers).</summary>
    private static readonly HashSet<string> ReaderFormats = new(StringComparer.Ordinal)
    {
        "gguf", "onnx", "safetensors", "tflite", "tf-savedmodel-pb", "hdf5-keras", "jinja", "yaml", "png",
    };

    public static IReadOnlyList<CorpusRow> All => Rows.Value;

    public static IEnumerable<object[]> ReaderRows(string label) =>
        All.Where(r => r.Label == label && (ReaderFormats.Contains(r.Format) || IsChatTemplateJson(r))).Select(r => new object[] { r });

    /// <summary>Every model-ish row (all formats a model file can have), for detection.</summary>
    public static IEnumerable<object[]> ModelRows() =>
        All.Where(r => ExpectedDetections.ContainsKey(r.Format)).Select(r => new object[] { r });

    /// <summary>Corpus format column → formats detection may answer.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ExpectedDetections = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["pickle"] = ["pickle", "pytorch", "joblib"],
        ["pytorch-zip"] = ["pytorch"],
        ["pytorch-legacy"] = ["pytorch", "pickle"],
        ["numpy-npy"] = ["numpy"],
        ["numpy-npz"] = ["numpy"],
        ["gguf"] = ["gguf"],
        ["onnx"] = ["onnx"],
        ["safetensors"] = ["safetensors"],
        ["tflite"] = ["tflite"],
        ["tf-savedmodel-pb"] = ["tensorflow-savedmodel"],
        ["hdf5-keras"] = ["hdf5"],
        ["png"] = ["unknown"],
        ["7z"] = ["unknown"],
        ["zip"] = ["pytorch", "unknown"],
        ["skops-zip"] = ["unknown"],
    };

    private static bool IsChatTemplateJson(CorpusRow row) =>
        row.Format == "json" && row.Path.StartsWith("modelaudit/samples/jinja2/", StringComparison.Ordinal);

    /// <summary>Detection, the extension check and the reader for the detected format (chat-template files: the template inspector).</summary>
    public static (DetectedFormat Detected, List<ModelIssue> Issues, ModelInspection? Inspection) Inspect(string relativePath)
    {
        var path = TestPaths.CorpusFile(relativePath);
        if (relativePath.StartsWith("modelaudit/samples/jinja2/", StringComparison.Ordinal))
        {
            using var template = File.OpenRead(path);
            return (new DetectedFormat(ModelFormats.Unknown, "chat template file"), ChatTemplateInspector.InspectFile(template, relativePath).ToList(), null);
        }

        return InspectFile(path, relativePath);
    }

    /// <summary>Detection, the extension check and the reader for the detected format, on any file.</summary>
    public static (DetectedFormat Detected, List<ModelIssue> Issues, ModelInspection? Inspection) InspectFile(string path, string relativePath)
    {
        using var stream = File.OpenRead(path);
        var detected = FormatDetector.Detect(stream, relativePath);
        var issues = new List<ModelIssue>();
        if (FormatDetector.CheckExtension(relativePath, detected) is { } mismatch)
        {
            issues.Add(mismatch);
        }

        ModelInspection? inspection = null;
        if (ModelReaders.For(detected.Format) is { } reader)
        {
            stream.Position = 0;
            inspection = reader.Inspect(stream, relativePath);
            issues.AddRange(inspection.Issues);
        }

        return (detected, issues, inspection);
    }

    public static RuleSeverity SeverityOf(ModelIssue issue) => issue.Severity ?? RuleCatalog.Get(issue.RuleId).DefaultSeverity;

    private static IReadOnlyList<CorpusRow> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Corpus, "MANIFEST.tsv"));
        return lines.Skip(1)
            .Select(l => l.Split('\t'))
            .Select(c => new CorpusRow(c[0], long.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture), c[3], c[4], c.Length > 8 ? c[8] : ""))
            .ToList();
    }
}
