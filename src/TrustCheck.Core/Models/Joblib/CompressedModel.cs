using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Joblib;

/// <summary>
/// Compressed pickles (joblib.dump with compress=…, pandas' .pkl.gz/.pkl.bz2/.pkl.xz, a gzipped .pt): recognised by
/// content, decompressed under the walker's byte cap, and walked like any pickle. One that cannot be opened is TC3018:
/// nothing in it was inspected, yet joblib.load would unpickle it.
/// </summary>
internal static class CompressedModel
{
    private static readonly HashSet<string> PickleFamilyFormats = new(StringComparer.Ordinal) { ModelFormats.Pickle, ModelFormats.PyTorch, ModelFormats.Joblib };

    /// <summary>The format of a compressed pickle (or of a pickle-named file whose compression cannot be opened); null otherwise.</summary>
    public static DetectedFormat? Detect(Stream stream, byte[] head, string name)
    {
        if (CompressedStreams.Identify(head) is not { } compression)
        {
            return null;
        }

        var codec = CompressedStreams.Describe(compression);
        var format = FormatFor(name, compression);
        var inner = CompressedStreams.ReadHead(stream, compression, PickleSniffer.HeadLength, out var problem);
        if (inner is null)
        {
            // Only a file named as a pickle-family model is claimed: other compressed files stay unknown (logs.gz, data.tar.xz).
            return PromisesPickle(name) ? new DetectedFormat(format, $"{codec} stream that could not be opened: {problem}") : null;
        }

        if (inner.AsSpan().StartsWith("PK\u0003\u0004"u8) && PromisesPickle(name))
        {
            // torch.load(gzip.open("model.pt.gz")) reads a torch.save zip through the decompressor (GzipFile can seek).
            return new DetectedFormat(ModelFormats.PyTorch, $"{codec}-compressed zip archive (PyTorch)");
        }

        var protoHeader = inner.Length >= 2 && inner[0] == 0x80 && inner[1] <= 5;
        var sniffed = protoHeader ? $"protocol {inner[1]}" : PickleSniffer.RecogniseHead(inner, long.MaxValue, out var longer) ?? (longer ? "an unbroken opcode stream" : null);
        return sniffed is null ? null : new DetectedFormat(format, $"{codec}-compressed pickle ({sniffed})");
    }

    /// <summary>
    /// Walks the pickle in <paramref name="stream"/>, decompressing it first when its content is compressed.
    /// Adds the format notice, the scan's issues, TC3018 when it cannot be opened and TC3013 when it is corrupt part-way.
    /// </summary>
    public static void Scan(Stream stream, string path, ModelInspection inspection, string what, PickleScanOptions options)
    {
        var head = StreamBytes.ReadAt(stream, 0, 16);
        stream.Position = 0;
        if (CompressedStreams.Identify(head) is not { } compression)
        {
            PickleFamily.AddFormatNotice(inspection, path, what);
            PickleFamily.AddScan(inspection, PickleScanner.Scan(stream, options));
            return;
        }

        var codec = CompressedStreams.Describe(compression);
        using var decompressed = CompressedStreams.Open(stream, compression, out var problem);
        if (decompressed is null)
        {
            AddUnopened(inspection, path, codec, problem!);
            return;
        }

        var result = PickleScanner.Scan(decompressed, options);
        if (decompressed.Position == 0)
        {
            AddUnopened(inspection, path, codec, decompressed.Failure ?? $"the {codec} stream holds no data");
            return;
        }

        PickleFamily.AddFormatNotice(inspection, path, $"{what} ({codec}-compressed)");
        PickleFamily.AddScan(inspection, result);
        if (decompressed.Failure is { } corrupt)
        {
            PickleFamily.AddUninspectable(inspection, path, corrupt);
        }
    }

    public static void AddUnopened(ModelInspection inspection, string path, string codec, string problem) =>
        inspection.AddIssue(
            RuleIds.ModelCompressedUnopened,
            $"{path}: compressed model could not be opened ({codec}: {problem}): not inspected; loading it (joblib.load, pandas.read_pickle) " +
            "would run whatever pickle it holds. Re-export it uncompressed or with zlib, gzip, bz2, xz, lzma or lz4, or remove it.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["compression"] = codec, ["problem"] = problem });

    private static string FormatFor(string name, Compression compression) =>
        name.Contains(".joblib", StringComparison.OrdinalIgnoreCase) || compression is Compression.Zlib or Compression.Lzma or Compression.Lz4
            ? ModelFormats.Joblib
            : ModelFormats.Pickle;

    /// <summary>Named as a pickle-family model, compressed (model.pkl.gz, suffixes from Data/model-extensions.json) or not (model.joblib).</summary>
    private static bool PromisesPickle(string name) =>
        ModelExtensionTable.ExpectedFormats(ModelExtensionTable.WithoutCompressionSuffix(name) ?? name).Any(PickleFamilyFormats.Contains);
}
