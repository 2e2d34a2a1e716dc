using TrustCheck.Core.Models.Numpy;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Zip;

/// <summary>
/// Inspects a zip that may hold pickles (PyTorch archives, TorchScript, .npz, hostile zips): every *.pkl member in
/// any folder is walked, other members are sniffed by content (a pickle named data.txt is still a pickle), .npy
/// members are read as arrays, TorchScript code/ members are reported, and nothing is ever extracted.
/// </summary>
internal static class PickleArchive
{
    /// <summary>Decompressed pickle bytes read per archive, over all members: bounds zip bombs.</summary>
    public const long MaxTotalPickleBytes = 256L * 1024 * 1024;

    public sealed record Summary(int PickleMembers, int NpyMembers, int CodeMembers);

    public static Summary Inspect(Stream archive, string path, ModelInspection inspection)
    {
        var directory = ZipDirectory.Read(archive);
        foreach (var problem in directory.Problems)
        {
            PickleFamily.AddUninspectable(inspection, path, problem);
        }

        var budget = MaxTotalPickleBytes;
        var torchScript = IsTorchScriptArchive(directory);
        var pickles = 0;
        var arrays = 0;
        var code = new List<string>();
        foreach (var entry in directory.Entries)
        {
            if (entry.HasConflictingNames)
            {
                inspection.AddIssue(RuleIds.ModelMalformed,
                    $"{path}: member is named '{entry.Name}' in the central directory but '{entry.LocalName}' in its local header, a trick to hide " +
                    "content from scanners; TrustCheck scanned the data regardless. Re-create the archive from trusted sources.",
                    Data(entry));
            }

            if (entry.HasUnsafePath)
            {
                inspection.AddIssue(RuleIds.ModelMalformed,
                    $"{path}: member '{entry.Name}' has a path that escapes the extraction folder (zip-slip); TrustCheck never extracts it, " +
                    "but unzip tools may write outside the target folder. Do not extract this archive; re-create it from trusted sources.",
                    Data(entry));
            }

            if (entry.IsDirectory)
            {
                continue;
            }

            if (IsTorchScriptCode(entry))
            {
                code.Add(entry.Name);
                continue;
            }

            var location = path + "!" + entry.Name;
            var looksLikePickle = entry.Names.Any(n => n.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) ||
                n.EndsWith(".debug_pkl", StringComparison.OrdinalIgnoreCase));
            var looksLikeNpy = entry.Names.Any(n => n.EndsWith(".npy", StringComparison.OrdinalIgnoreCase));
            if (entry.IsReallyEncrypted)
            {
                PickleFamily.AddUninspectable(inspection, location, "the member is encrypted");
                continue;
            }

            try
            {
                var found = InspectMember(archive, entry, location, looksLikePickle, looksLikeNpy, torchScript, ref budget, inspection);
                pickles += found.Pickles;
                arrays += found.Arrays;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A corrupt deflate stream or a member cut short: this member only, the rest still run.
                PickleFamily.AddUninspectable(inspection, location, "the member's data is corrupt: " + e.Message);
            }
        }

        if (code.Count > 0)
        {
            inspection.AddIssue(RuleIds.ModelEmbedsCode,
                $"{path}: TorchScript archive embeds code ({string.Join(", ", code.Take(10))}{(code.Count > 10 ? ", …" : string.Empty)}) that torch.jit.load compiles and runs. " +
                "Review the code members or export the model to ONNX or safetensors; suppress TC3012 for this file only after review.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["entries"] = string.Join(",", code) });
        }

        return new Summary(pickles, arrays, code.Count);
    }

    private static (int Pickles, int Arrays) InspectMember(
        Stream archive, ZipEntry entry, string location, bool looksLikePickle, bool looksLikeNpy, bool torchScript, ref long budget, ModelInspection inspection)
    {
        using var data = ZipDirectory.Open(archive, entry, out var reason);
        if (data is null)
        {
            PickleFamily.AddUninspectable(inspection, location, "the member could not be read: " + reason);
            return (0, 0);
        }

        if (looksLikeNpy)
        {
            NpyFile.Inspect(data, Math.Min(entry.UncompressedSize, MaxTotalPickleBytes), location, inspection, entry.Name + ":");
            return (0, 1);
        }

        if (budget <= 0 && (looksLikePickle || entry.UncompressedSize > 0))
        {
            PickleFamily.AddUninspectable(inspection, location, $"the archive's pickles exceed the {MaxTotalPickleBytes / (1024 * 1024)} MB read budget");
            return (0, 0);
        }

        if (looksLikePickle)
        {
            var result = PickleScanner.Scan(data, new PickleScanOptions { MaxBytes = budget, Location = location, InTorchScriptArchive = torchScript });
            budget -= result.BytesRead;
            PickleFamily.AddScan(inspection, result);
            return (1, 0);
        }

        // Any other member: decide by walking its first bytes as pickle.load would (huge tensor data is never decompressed in full).
        var head = new byte[PickleSniffer.HeadLength];
        var read = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 2)
        {
            return (0, 0);
        }

        var protoHeader = head[0] == 0x80 && head[1] is >= 2 and <= 5;
        if (!protoHeader && !IsPickle(archive, entry, head[..read]))
        {
            return (0, 0);
        }

        using var again = ZipDirectory.Open(archive, entry, out _);
        var sniffed = PickleScanner.Scan(again!, new PickleScanOptions { MaxBytes = budget, Location = location, InTorchScriptArchive = torchScript });
        if (sniffed.PickleCount == 0 && sniffed.UnsafeGlobals.Count == 0)
        {
            // Tensor bytes that merely start like a pickle header.
            return (0, 0);
        }

        budget -= sniffed.BytesRead;
        PickleFamily.AddScan(inspection, sniffed);
        return (1, 0);
    }

    /// <summary>A member with no PROTO header is a pickle when walking it imports something (head first, then up to the sniff budget).</summary>
    private static bool IsPickle(Stream archive, ZipEntry entry, byte[] head)
    {
        if (PickleSniffer.RecogniseHead(head, entry.UncompressedSize, out var needsMore) is not null)
        {
            return true;
        }

        if (!needsMore)
        {
            return false;
        }

        using var whole = ZipDirectory.Open(archive, entry, out _);
        return whole is not null && PickleSniffer.Recognise(whole, entry.UncompressedSize) is not null;
    }

    /// <summary>
    /// torch.load's own test (torch/serialization.py _is_torchscript_zip): a constants.pkl record in the archive's root
    /// folder. torch.load then hands the file to torch.jit.load, whose C++ unpickler reads every pickle in it.
    /// </summary>
    private static bool IsTorchScriptArchive(ZipDirectory directory) =>
        directory.Entries.Any(e => !e.IsDirectory && e.Names.Any(n => n == "constants.pkl" || (n.EndsWith("/constants.pkl", StringComparison.Ordinal) && n.IndexOf('/') == n.Length - "/constants.pkl".Length)));

    /// <summary>TorchScript keeps Python-like source under "&lt;archive&gt;/code/" (and debug info beside it).</summary>
    private static bool IsTorchScriptCode(ZipEntry entry) =>
        entry.Names.Any(n => (n.StartsWith("code/", StringComparison.Ordinal) || n.Contains("/code/", StringComparison.Ordinal)) &&
            n.EndsWith(".py", StringComparison.Ordinal));

    private static Dictionary<string, string> Data(ZipEntry entry)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["entry"] = entry.Name };
        if (entry.LocalName is not null)
        {
            data["localName"] = entry.LocalName;
        }

        return data;
    }
}
