using TrustCheck.Core.Models.Binary;
using TrustCheck.Core.Models.Joblib;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Models.Zip;

namespace TrustCheck.Core.Models.PyTorch;

/// <summary>
/// PyTorch files: zip archives (torch.save since 1.6, TorchScript) whose *.pkl members are pickles, and legacy files
/// that are a run of pickles (magic number, protocol, sys info, data, storage keys) followed by raw storage bytes.
/// </summary>
public sealed class PyTorchReader : IModelReader
{
    private static readonly byte[] SevenZipMagic = { (byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C };

    public string Format => "pytorch";

    public ModelInspection Inspect(Stream stream, string path)
    {
        var inspection = new ModelInspection(Format);
        var header = StreamBytes.ReadAt(stream, 0, 16); // fewer bytes for a tiny file
        stream.Position = 0;

        if (CompressedStreams.Identify(header) is { } compression)
        {
            CompressedPyTorchFile.Inspect(stream, path, compression, inspection, InspectUncompressed);
            return inspection;
        }

        InspectUncompressed(stream, path, header, inspection, "");
        return inspection;
    }

    /// <summary>A zip archive or a legacy pickle run; <paramref name="how"/> qualifies the notices (" (gzip-compressed)").</summary>
    private static void InspectUncompressed(Stream stream, string path, byte[] header, ModelInspection inspection, string how)
    {
        if (ZipDirectory.HasZipSignature(header))
        {
            var summary = PickleArchive.Inspect(stream, path, inspection);
            if (summary.PickleMembers > 0 || summary.CodeMembers > 0)
            {
                PickleFamily.AddFormatNotice(inspection, path, "this PyTorch archive" + how);
            }

            return;
        }

        if (header.Length >= SevenZipMagic.Length && header.AsSpan(0, SevenZipMagic.Length).SequenceEqual(SevenZipMagic))
        {
            PickleFamily.AddUninspectable(inspection, path, "it is a 7-Zip archive, which TrustCheck cannot open (it may hide a pickle such as data.pkl)");
            return;
        }

        if (!PickleScanner.LooksLikePickle(header))
        {
            PickleFamily.AddUninspectable(inspection, path, "it is not a PyTorch file: neither a zip archive nor a pickle stream" + how);
            return;
        }

        // Legacy format: every pickle in the run is loaded by torch.load, so walk them all.
        PickleFamily.AddFormatNotice(inspection, path, "this legacy (non-zip) PyTorch file" + how);
        PickleFamily.AddScan(inspection, PickleScanner.Scan(stream, PickleScanner.DefaultMaxBytes, path));
    }
}
